// tierlab-tuner: tune a loyalty program's thresholds against customer history.
// The main loop follows imgui's examples/example_glfw_opengl3/main.cpp.
#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "app.hpp"
#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "stb_image_write.h"
#include "tierlab/error.hpp"
#include "tuner_state.hpp"

namespace {

using namespace tierlab::tuner;

std::vector<std::string> g_dropped;

void on_drop(GLFWwindow*, int count, const char** paths) {
  for (int i = 0; i < count; ++i) g_dropped.emplace_back(paths[i]);
}

void on_glfw_error(int code, const char* text) {
  std::fprintf(stderr, "tierlab-tuner: GLFW error %d: %s\n", code, text);
}

bool file_exists(const char* path) {
  struct stat st;
  return stat(path, &st) == 0;
}

// A light theme: the tier colours (bronze, silver, gold, platinum) read well on it.
void apply_style(float scale) {
  ImGui::StyleColorsLight();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowPadding = ImVec2(10, 10);
  s.FramePadding = ImVec2(7, 4);
  s.ItemSpacing = ImVec2(8, 6);
  s.ItemInnerSpacing = ImVec2(6, 4);
  s.CellPadding = ImVec2(6, 3);
  s.ScrollbarSize = 14;
  s.GrabMinSize = 12;
  s.WindowRounding = 0;
  s.ChildRounding = 6;
  s.FrameRounding = 4;
  s.PopupRounding = 6;
  s.GrabRounding = 4;
  s.TabRounding = 5;
  s.ChildBorderSize = 1;
  s.FrameBorderSize = 1;
  ImVec4* c = s.Colors;
  c[ImGuiCol_WindowBg] = ImVec4(0.925f, 0.933f, 0.945f, 1);
  c[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_PopupBg] = ImVec4(1, 1, 1, 0.98f);
  c[ImGuiCol_Border] = ImVec4(0.78f, 0.80f, 0.83f, 1);
  c[ImGuiCol_FrameBg] = ImVec4(0.965f, 0.969f, 0.976f, 1);
  c[ImGuiCol_FrameBgHovered] = ImVec4(0.90f, 0.93f, 0.97f, 1);
  c[ImGuiCol_FrameBgActive] = ImVec4(0.85f, 0.90f, 0.97f, 1);
  c[ImGuiCol_MenuBarBg] = ImVec4(0.965f, 0.969f, 0.976f, 1);
  c[ImGuiCol_Text] = ImVec4(0.11f, 0.13f, 0.16f, 1);
  c[ImGuiCol_TextDisabled] = ImVec4(0.42f, 0.45f, 0.50f, 1);
  c[ImGuiCol_Button] = ImVec4(0.93f, 0.94f, 0.96f, 1);
  c[ImGuiCol_ButtonHovered] = ImVec4(0.84f, 0.89f, 0.96f, 1);
  c[ImGuiCol_ButtonActive] = ImVec4(0.74f, 0.83f, 0.95f, 1);
  c[ImGuiCol_SliderGrab] = ImVec4(0.24f, 0.44f, 0.72f, 0.55f);
  c[ImGuiCol_SliderGrabActive] = ImVec4(0.16f, 0.34f, 0.62f, 0.75f);
  c[ImGuiCol_CheckMark] = ImVec4(0.20f, 0.40f, 0.70f, 1);
  c[ImGuiCol_Header] = ImVec4(0.88f, 0.91f, 0.95f, 1);
  c[ImGuiCol_HeaderHovered] = ImVec4(0.82f, 0.88f, 0.96f, 1);
  c[ImGuiCol_HeaderActive] = ImVec4(0.74f, 0.83f, 0.95f, 1);
  c[ImGuiCol_Tab] = ImVec4(0.90f, 0.91f, 0.93f, 1);
  c[ImGuiCol_TabHovered] = ImVec4(0.82f, 0.88f, 0.96f, 1);
  c[ImGuiCol_TabActive] = ImVec4(1, 1, 1, 1);
  c[ImGuiCol_TableHeaderBg] = ImVec4(0.93f, 0.94f, 0.96f, 1);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(0.96f, 0.97f, 0.98f, 1);
  c[ImGuiCol_PlotHistogram] = ImVec4(0.36f, 0.56f, 0.84f, 1);
  c[ImGuiCol_Separator] = ImVec4(0.80f, 0.82f, 0.85f, 1);
  s.ScaleAllSizes(scale);
}

Fonts load_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  Fonts f;
  // Latin, Latin Extended-A (Polish names), punctuation, arrows, math, shapes.
  static ImVector<ImWchar> ranges;
  ImFontGlyphRangesBuilder b;
  b.AddRanges(io.Fonts->GetGlyphRangesDefault());
  static const ImWchar extra[] = {0x0100, 0x017F, 0x2010, 0x205E, 0x20A0, 0x20CF, 0x2190,
                                  0x21FF, 0x2200, 0x22FF, 0x25A0, 0x25FF, 0};
  b.AddRanges(extra);
  b.BuildRanges(&ranges);
  const float size = 16.0f * scale;
  const char* dir = "/usr/share/fonts/truetype/dejavu/";
  std::string regular = std::string(dir) + "DejaVuSans.ttf", bold = std::string(dir) + "DejaVuSans-Bold.ttf";
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  if (file_exists(regular.c_str())) {
    f.regular = io.Fonts->AddFontFromFileTTF(regular.c_str(), size, &cfg, ranges.Data);
    if (file_exists(bold.c_str())) {
      f.bold = io.Fonts->AddFontFromFileTTF(bold.c_str(), size, &cfg, ranges.Data);
      f.large = io.Fonts->AddFontFromFileTTF(bold.c_str(), size * 1.35f, &cfg, ranges.Data);
    }
  }
  if (!f.regular) {
    std::fprintf(stderr, "tierlab-tuner: %s not found (install fonts-dejavu-core); using ImGui's built-in font\n",
                 regular.c_str());
    ImFontConfig def;
    def.SizePixels = 13.0f * scale;
    f.regular = io.Fonts->AddFontDefault(&def);
  }
  io.FontDefault = f.regular;
  return f;
}

bool write_screenshot(GLFWwindow* window, const std::string& path) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  if (w <= 0 || h <= 0) return false;
  std::vector<unsigned char> px(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  stbi_flip_vertically_on_write(1);
  return stbi_write_png(path.c_str(), w, h, 3, px.data(), w * 3) != 0;
}

} // namespace

int main(int argc, char** argv) {
  Options opt;
  try {
    opt = parse_options(argc, argv);
  } catch (const tierlab::InputError& e) {
    std::fprintf(stderr, "tierlab-tuner: %s\n\n%s", e.what(), usage_text().c_str());
    return 2;
  }
  if (opt.help) {
    std::fputs(usage_text().c_str(), stdout);
    return 0;
  }

  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    std::fprintf(stderr, "tierlab-tuner: cannot open a window (no display? for a headless run use xvfb-run)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  float scale = opt.scale;
  if (scale <= 0) {
    float sx = 1, sy = 1;
    if (GLFWmonitor* m = glfwGetPrimaryMonitor()) glfwGetMonitorContentScale(m, &sx, &sy);
    scale = std::max(1.0f, std::min(sx, 3.0f));
  }
  const bool headless = !opt.screenshot.empty();
  if (headless) glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
  int win_w = static_cast<int>(static_cast<float>(opt.width) * scale);
  int win_h = static_cast<int>(static_cast<float>(opt.height) * scale);
  if (!headless) {
    // A window never larger than the screen's work area (the layout follows the size).
    int ax = 0, ay = 0, aw = 0, ah = 0;
    if (GLFWmonitor* m = glfwGetPrimaryMonitor()) glfwGetMonitorWorkarea(m, &ax, &ay, &aw, &ah);
    if (aw > 0 && ah > 0) {
      win_w = std::min(win_w, aw * 95 / 100);
      win_h = std::min(win_h, ah * 95 / 100);
    }
  }
  GLFWwindow* window = glfwCreateWindow(win_w, win_h, "Tierlab Tuner", nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "tierlab-tuner: cannot create an OpenGL 3 window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(headless ? 0 : 1);
  glfwSetDropCallback(window, on_drop);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr; // the layout is computed from the window size
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  apply_style(scale);
  Fonts fonts = load_fonts(scale);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  int status = 0;
  {
    App app(opt, fonts, scale);
    app.open_initial();
    std::string title;
    int frames_settled = 0;
    auto start = std::chrono::steady_clock::now();
    bool screenshot_done = false;
    while (!app.should_quit()) {
      if (headless) glfwPollEvents();
      else glfwWaitEventsTimeout(1.0 / 30.0); // wakes for input; the timeout keeps progress bars moving
      if (glfwWindowShouldClose(window)) {
        if (headless || app.request_close()) break;
        glfwSetWindowShouldClose(window, GLFW_FALSE);
      }
      for (const auto& p : g_dropped) app.open_path(p);
      g_dropped.clear();

      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      if (headless) {
        // No pointer in a screenshot: no hover highlights or tooltips.
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        for (bool& down : io.MouseDown) down = false;
      }
      ImGui::NewFrame();
      app.frame();
      ImGui::Render();
      int fb_w = 0, fb_h = 0;
      glfwGetFramebufferSize(window, &fb_w, &fb_h);
      glViewport(0, 0, fb_w, fb_h);
      ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
      glClearColor(bg.x, bg.y, bg.z, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

      if (std::string t = app.title(); t != title) {
        title = t;
        glfwSetWindowTitle(window, title.c_str());
      }

      if (!headless && ImGui::IsKeyPressed(GLFW_KEY_F12, false)) {
        // F12: the window as PNG in the working directory.
        static int shot = 0;
        std::string path = "tierlab-tuner-" + std::to_string(++shot) + ".png";
        if (write_screenshot(window, path)) app.notify("Screenshot saved to " + path, false);
        else app.notify("Cannot write " + path, true);
      }
      if (headless) {
        // Count frames once the data work is done, so the picture has results.
        double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (app.settled()) ++frames_settled;
        bool timeout = waited > 300.0;
        if (frames_settled >= opt.frames || timeout) {
          if (timeout)
            std::fprintf(stderr,
                         "tierlab-tuner: the data work did not finish in 300 s; writing the screenshot anyway\n");
          if (!write_screenshot(window, opt.screenshot)) {
            std::fprintf(stderr, "tierlab-tuner: cannot write %s\n", opt.screenshot.c_str());
            status = 1;
          } else {
            std::fprintf(stderr, "tierlab-tuner: wrote %s (%dx%d)\n", opt.screenshot.c_str(), fb_w, fb_h);
            if (timeout) status = 1;
            else if (app.had_error()) status = 3; // the picture shows an error message
          }
          screenshot_done = true;
        }
      }
      glfwSwapBuffers(window);
      if (screenshot_done) break;
    }
    // Leaving: the window goes at once, while a running replay or import
    // finishes on its worker (the App's destructor joins them).
    glfwHideWindow(window);
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}
