// node ajv_validate.cjs SCHEMA FILE...: validates each FILE against SCHEMA
// (draft-07, formats checked) with ajv, the JSON Schema validator most tools
// use, as a second opinion beside embargo's own (valijson). Prints
// "FILE: valid" or each error with its instance path; exits 1 when any file
// is invalid, 2 when the schema does not compile.

const fs = require('fs');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const [schemaFile, ...files] = process.argv.slice(2);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
} catch (err) {
  console.error(`${schemaFile}: the schema does not compile: ${err.message}`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  if (validate(JSON.parse(fs.readFileSync(file, 'utf8')))) {
    console.log(`${file}: valid`);
    continue;
  }
  failed += 1;
  for (const e of validate.errors) {
    console.log(`${file}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
