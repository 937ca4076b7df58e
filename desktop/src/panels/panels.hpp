#pragma once
// The tuner's panels: one function each (ShowXxx style of imgui_demo.cpp),
// drawing from and editing the Shared state. app.cpp lays them out.
#include "panels/shared.hpp"

namespace tierlab::tuner {

void show_menu(Shared& ui, Loader& loader);              // menu.cpp: File / Edit / Help
void shortcuts(Shared& ui);                              // menu.cpp: Ctrl+S, Ctrl+O, Ctrl+Z, ...
void show_popups(Shared& ui, Loader& loader);            // menu.cpp: open, save as, unsaved changes
void show_status_line(Shared& ui, const Engine& engine); // status.cpp: files, progress, note
void show_messages(Shared& ui);                          // status.cpp: error bands
void show_program_panel(Shared& ui);                     // program.cpp: as-of, settings, tiers, thresholds
void show_counts_panel(Shared& ui);                      // counts.cpp: tier counts, shares, cost
void show_migration_panel(Shared& ui);                   // migration.cpp: baseline x candidate, KPIs
void show_sweep_tab(Shared& ui);                         // sweep.cpp
void show_replay_tab(Shared& ui);                        // replay.cpp
void show_movers_tab(Shared& ui);                        // movers.cpp
void show_import_tab(Shared& ui, Loader& loader);        // import.cpp: the import report
void show_tune_tab(Shared& ui, Loader& loader);          // tune.cpp: target mix -> thresholds
void show_notify_tab(Shared& ui);                        // notify.cpp: notification lists, counts and CSV

} // namespace tierlab::tuner
