// n8n loads the files named in the "n8n" block of package.json; nothing is exported here.
