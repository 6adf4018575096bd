// Removes dist/ so a build yields exactly what the n8n block names, nothing stale.
require('fs').rmSync(require('path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
