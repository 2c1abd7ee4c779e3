/* After a form comes back with errors, focus goes to the summary, so a screen reader reads it first. */
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
