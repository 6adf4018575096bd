import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// n8n-core writes its settings into the user folder: keep tests out of the home folder.
process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'octopods-n8n-'));

// Errors are asserted on by the tests; n8n's own logger would only repeat them.
process.env.N8N_LOG_LEVEL ??= 'silent';
