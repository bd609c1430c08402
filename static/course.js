// The sample course page's own script (static/course.html): it lists what
// each embedded playground reports. A file, not an inline script, so the
// page works under a strict Content-Security-Policy (see the README).
"use strict";
window.racecourseRuns = [];
document.addEventListener("racecourse:run-finished", function (event) {
  var run = event.detail;
  run.frame = event.target.id;
  window.racecourseRuns.push(run);
  var line = document.createElement("div");
  line.textContent = run.frame + ": " + run.strategy + ", " + run.tasks + " tasks: $" + run.final +
    " (expected $" + run.expected + "), " + run.lost + " lost, " + run.elapsed_ms + " ms, " + run.ending;
  document.getElementById("runs").appendChild(line);
});
