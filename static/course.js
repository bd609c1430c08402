// The sample course page's own script (static/course.html): it lists what
// each embedded playground reports. A file, not an inline script, so the
// page works under a strict Content-Security-Policy (see the README).
"use strict";
window.racecourseRuns = [];
// How many runs have started playing (a learner pressed Run, or an embed
// scrolled into view with autorun).
window.racecourseStarted = 0;
document.addEventListener("racecourse:run-started", function () {
  window.racecourseStarted += 1;
});
document.addEventListener("racecourse:run-finished", function (event) {
  var run = event.detail;
  run.frame = event.target.id;
  window.racecourseRuns.push(run);
  var line = document.createElement("div");
  line.textContent = run.frame + ": " + run.strategy + ", " + run.tasks + " tasks: $" + run.final +
    " (expected $" + run.expected + "), " + run.lost + " lost, " + run.elapsed_ms + " ms, " + run.ending;
  document.getElementById("runs").appendChild(line);
});
