"""Static files storage: whitenoise's compressed, hashed files, with JavaScript module imports hashed too.

The attempt page's script is a set of ES modules loaded without a build step (static/js/attempt/).
Their relative imports (``import { x } from "./store.js"``) must name the hashed files collectstatic
writes, or a browser would load the unhashed name (missing, or stale under a far-future cache).
Django rewrites them only when asked to.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
