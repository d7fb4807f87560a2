// Progressive enhancement only: every page works without JavaScript. With it, GOV.UK Frontend's
// components (error summary focus, character counts, details) are started.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
  initAll();
}
