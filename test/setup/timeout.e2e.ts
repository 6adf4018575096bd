// The first run provisions Node 24 and n8n (about 5 minutes); a real n8n command takes seconds.
jest.setTimeout(15 * 60_000);
