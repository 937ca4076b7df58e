// Appended inside the lean module's factory (MINIMAL_RUNTIME keeps its exports
// and heap private): hands them to js/tierlab-lean.mjs.
Module['lean'] = {
  alloc: function (n) { return _tl_alloc(n); },
  free: function (p) { _tl_free(p); },
  heap: function () { return HEAPU8; },
  heapInUse: function () { return _tl_heap_in_use(); },
  validateProgram: function (a, b) { return _tl_validate_program(a, b); },
  customerFromEvents: function (a, b, c, d, e, f) { return _tl_customer_from_events(a, b, c, d, e, f); },
  customerFromMetrics: function (a, b, c, d, e, f) { return _tl_customer_from_metrics(a, b, c, d, e, f); },
};
