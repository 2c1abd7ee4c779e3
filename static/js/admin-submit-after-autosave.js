// Wagtail's autosave creates a new page on its first save and only then points the editor's form
// at the page's edit view. A "Submit for review" or "Publish" clicked while that first save is
// still on its way posts to the create view again and makes a second copy of the page (with a "-2"
// slug). So a submit that arrives while an autosave is pending waits for its answer, then goes on
// to wherever the form points by then. Edits benefit too: the submit no longer races a revision.
(function () {
  "use strict";
  var GIVE_UP_MS = 20000; // a hung autosave must not leave the button dead
  var pending = new WeakSet();
  var waiting = new WeakMap();

  function settle(event) {
    var form = event.target;
    pending.delete(form);
    var resume = waiting.get(form);
    if (resume) {
      waiting.delete(form);
      resume();
    }
  }

  document.addEventListener("w-autosave:save", function (event) {
    if (event.target instanceof HTMLFormElement && !event.defaultPrevented) pending.add(event.target);
  });
  document.addEventListener("w-autosave:success", settle);
  document.addEventListener("w-autosave:error", settle);

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !pending.has(form)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (waiting.has(form)) return; // a second click while waiting: the first one will go
      var submitter = event.submitter;
      var timer = window.setTimeout(function () {
        settle({ target: form });
      }, GIVE_UP_MS);
      waiting.set(form, function () {
        window.clearTimeout(timer);
        // No further autosave may race the submit: one carrying the clicked action would submit too,
        // and the real submit would then find the page locked in review.
        form.setAttribute("data-w-autosave-active-value", "false");
        // After the success handlers have run (they point the form at the new page's edit view).
        window.setTimeout(function () {
          if (submitter && submitter.form === form) {
            // The clicked button may be disabled by now (Wagtail shows it as busy), and a disabled
            // button sends no value: enable it just while the form's data is gathered.
            var disabled = submitter.disabled;
            submitter.disabled = false;
            form.requestSubmit(submitter);
            submitter.disabled = disabled;
          } else {
            form.requestSubmit();
          }
        }, 0);
      });
    },
    true
  );
})();
