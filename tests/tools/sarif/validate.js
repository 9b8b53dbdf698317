// Validates a SARIF log against the SARIF 2.1.0 JSON schema.
// Usage: node validate.js NODE_MODULES_DIR FILE.sarif
// Prints "valid" and exits 0, or prints the schema errors and exits 1.
'use strict';
const fs = require('fs');
const path = require('path');
const modules = process.argv[2];
const file = process.argv[3];
const Ajv = require(path.join(modules, 'ajv'));
const schema = require(path.join(modules, '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
const draft4 = require(path.join(modules, 'ajv/lib/refs/json-schema-draft-04.json'));
const ajv = new Ajv({ schemaId: 'auto', allErrors: true, validateSchema: false });
ajv.addMetaSchema(draft4);
const validate = ajv.compile(schema);
const log = JSON.parse(fs.readFileSync(file, 'utf8'));
if (validate(log)) {
  console.log('valid');
  process.exit(0);
}
for (const e of validate.errors) console.log(`${e.dataPath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
process.exit(1);
