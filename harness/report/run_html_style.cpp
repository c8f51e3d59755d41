#include "report/run_html_style.hpp"

namespace fedharness {

std::string_view run_html_style() {
  return R"css(
body { font-family: sans-serif; margin: 1.5em; color: #1b1b1b; background: #fff; line-height: 1.4; }
h1 { font-size: 1.5em; margin: 0 0 .5em; }
h2 { font-size: 1.25em; margin: 1.5em 0 .25em; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05em; margin: 1em 0 .25em; }
h4, h5 { font-size: 1em; margin: .75em 0 .25em; }
dl { display: grid; grid-template-columns: max-content auto; gap: .1em 1em; margin: .25em 0; }
dt { font-weight: bold; }
dd { margin: 0; }
.evidence, .dn, .subject td, .issuer td { white-space: pre-wrap; overflow-wrap: anywhere; }
/* "monospace, monospace": a lone generic monospace is drawn at the browser's smaller fixed-width size. */
.evidence { font-family: monospace, monospace; font-size: .9em; }
.none { color: #666; font-style: italic; }
.summary { font-size: 1.2em; font-weight: bold; padding: .3em .6em; display: inline-block; }
.summary.met { background: #dff3df; }
.summary.unmet { background: #f8d7d7; }
table { border-collapse: collapse; margin: .25em 0; }
th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
.matrix .code, .path .code { font-family: monospace, monospace; font-size: .9em; font-weight: bold; }
.outcome { font-weight: bold; }
.outcome.pass { color: #146c14; }
.outcome.expected-fail { color: #1c4f8a; font-style: italic; }
.outcome.fail, .outcome.unexpected-pass, .outcome.error { color: #b00000; }
.outcome.skipped { color: #8a6d00; }
tr.pass { background: #eef8ee; }
tr.expected-fail { background: #eaf1fb; }
tr.fail, tr.unexpected-pass, tr.error { background: #fbeaea; }
tr.skipped { background: #fbf6e0; }
.disagrees, .disagreement { color: #8a4b00; font-weight: bold; }
details.path { border: 1px solid #ccc; border-left: .4em solid #ccc; margin: .5em 0; padding: .25em .75em; }
details.path.pass { border-left-color: #2e9b2e; }
details.path.expected-fail { border-left-color: #3a78c2; border-left-style: dashed; }
section.unmet li { margin: .2em 0; }
details.path.fail, details.path.unexpected-pass, details.path.error { border-left-color: #c62828; }
details.path.skipped { border-left-color: #d4a500; }
summary { cursor: pointer; }
.fix { background: #eef4fb; }
.ends { display: flex; flex-wrap: wrap; gap: 1em; }
.end { flex: 1 1 30em; min-width: 0; }
.chain { padding-left: 1.5em; }
.certificate table { width: 100%; }
.certificate caption { text-align: left; font-style: italic; }
.certificate th { width: 6em; }
tr.offending td, tr.offending th { background: #ffe08a; }
mark.offending { background: #c62828; color: #fff; font-weight: bold; padding: 0 .3em; margin-left: .5em; }
@media print { details.path { break-inside: avoid; } }
)css";
}

}  // namespace fedharness
