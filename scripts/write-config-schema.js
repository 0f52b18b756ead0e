// `npm run schema`: regenerates schema/plan-sync.schema.json from the zod
// schema in src/config/config-schema.ts (compiled to lib/ by npm run build).
import { writeFileSync } from "node:fs";
import { CONFIG_SCHEMA_PATH, configJsonSchemaText } from "../lib/config/config-json-schema.js";

writeFileSync(new URL(`../${CONFIG_SCHEMA_PATH}`, import.meta.url), configJsonSchemaText());
console.log(`wrote ${CONFIG_SCHEMA_PATH}`);
