// The demo shop: picks a sample shopper from samples/small.json and feeds the
// <tierlab-progress> widgets, the cart total becomes their cart-total.
// "nobody" shows the guest view; the locale also sets the page's lang and dir.
const $ = (id) => document.getElementById(id);
const widgets = [...document.querySelectorAll('tierlab-progress')];
const state = { events: [], cart: 0, price: Number($('price').dataset.amount) };

function money(amount) {
  return new Intl.NumberFormat($('locale').value, { style: 'currency', currency: state.currency ?? 'USD' }).format(amount);
}

function showCart() {
  $('cart-total').textContent = money(state.cart);
  $('price').textContent = money(state.price);
  const n = Math.round(state.cart / state.price);
  $('cart-lines').textContent = n ? `${n} × Puffer jacket` : 'Your cart is empty.';
  for (const w of widgets) w.cartTotal = state.cart ? state.cart.toFixed(2) : null;
}

function showShopper() {
  const id = $('shopper').value;
  const events = id ? state.events.filter((e) => e.customer_id === id) : null;
  for (const w of widgets) {
    w.guest = !id;
    w.events = events;
  }
}

// What the shop calls its programs for shoppers (the program's display_name;
// its name stays the designer's).
const DISPLAY_NAMES = {
  'synerise-pln.json': 'Synerise Club',
  'synerise-pln-guarded.json': 'Synerise Club',
  'vip-segment.json': 'Segment Loyalty',
};

async function showProgram() {
  const file = $('program').value;
  const program = await (await fetch(`samples/${file}`)).json();
  state.currency = program.currency;
  if (DISPLAY_NAMES[file]) program.display_name = DISPLAY_NAMES[file];
  for (const w of widgets) {
    w.programSrc = `samples/${file}`;
    w.program = program;
  }
  showCart();
}

async function main() {
  state.events = await (await fetch('samples/small.json')).json();
  const ids = [...new Set(state.events.map((e) => e.customer_id))].sort();
  for (const id of ids) $('shopper').append(new Option(id, id));
  $('shopper').value = 'cara';
  $('shopper').addEventListener('change', showShopper);
  $('program').addEventListener('change', showProgram);
  $('theme').addEventListener('change', () => {
    for (const w of widgets) w.theme = $('theme').value;
  });
  $('locale').addEventListener('change', () => {
    document.documentElement.lang = $('locale').value;
    document.documentElement.dir = /^(ar|he)\b/.test($('locale').value) ? 'rtl' : 'ltr';
    for (const w of widgets) w.locale = $('locale').value;
    showCart();
  });
  $('add').addEventListener('click', () => { state.cart += state.price; showCart(); });
  $('clear').addEventListener('click', () => { state.cart = 0; showCart(); });
  document.addEventListener('tierlab-join', (e) => { $('status').textContent = `Join requested for ${e.detail.program}.`; });
  document.addEventListener('tierlab-redeem', (e) => { $('status').textContent = `Redeem requested: ${e.detail.reward} (${e.detail.points} points).`; });
  document.addEventListener('tierlab-change', (e) => {
    if (e.target.id === 'main') $('status').textContent = e.detail.previewTierIndex > e.detail.tierIndex
      ? `This cart would move you from ${e.detail.tier} to ${e.detail.previewTier}.` : '';
  });
  await showProgram();
  showShopper();
}

main().catch((e) => { $('status').textContent = String(e); });
