// Casebook's small amount of page behaviour. Loaded on every page; no inline scripts (CSP).
"use strict";
