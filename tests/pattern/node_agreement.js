// Answers the questions node_agreement.cpp wrote with ECMAScript's own engine, compiling each
// pattern as JSON Schema validators do (Ajv: new RegExp(pattern, "u")), and lists every answer
// that differs from RE2's. Exit status 1 on any difference.
"use strict";
const fs = require("fs");

const questions = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const failures = [];
let compared = 0;
for (const { pattern, samples, re2 } of questions.accepted) {
  let regexp;
  try {
    regexp = new RegExp(pattern, "u");
  } catch (error) {
    failures.push(`${JSON.stringify(pattern)} is translated, but ECMAScript refuses it: ${error.message}`);
    continue;
  }
  samples.forEach((sample, k) => {
    compared += 1;
    const answer = regexp.test(sample);
    if (answer !== re2[k]) {
      failures.push(`${JSON.stringify(pattern)} on ${JSON.stringify(sample)}: ECMAScript ${answer}, RE2 ${re2[k]}`);
    }
  });
}
for (const { pattern, node } of questions.refused) {
  let compiles = true;
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    compiles = false;
  }
  compared += 1;
  if (compiles !== (node === "compiles")) {
    failures.push(`${JSON.stringify(pattern)}: the table says ECMAScript ${node === "compiles" ? "compiles" : "refuses"} it, but it ${compiles ? "compiles" : "refuses"} it`);
  }
}
for (const failure of failures) {
  console.log(failure);
}
console.log(`node ${process.version}: ${compared} answers compared, ${failures.length} disagreements`);
process.exit(failures.length === 0 ? 0 : 1);
