// The baseline `plan-sync check` is measured against: a process that only
// reads the file and parses it with remark-parse + remark-gfm, as any tool
// reading these plans must.
import { readFileSync } from "node:fs";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";

unified().use(remarkParse).use(remarkGfm).parse(readFileSync(process.argv[2], "utf8"));
