/*
 * Racecourse embed helper for the page that hosts the iframes.
 *
 *   <iframe src=".../racecourse/?strategy=lock&tasks=5&embed=1&autorun=1" title="..."></iframe>
 *   <script src=".../racecourse/embed.js" async></script>
 *
 * The playground posts messages { source: "racecourse", type, ... } to its
 * parent: "ready"; "run-started" (a run starts, or resumes, playing);
 * "run-finished" (strategy, tasks, final, expected, lost,
 * elapsed_ms, ending, fingerprint); "resize" (height). A height the host
 * sets stays: this script sizes an iframe to its content (from "resize")
 * only when the host asks for it, with data-racecourse-height="auto", or
 * sets no height at all (no height attribute, no height in its style
 * attribute). It re-dispatches every message as a DOM
 * event "racecourse:<type>" on the iframe element (it bubbles), so course
 * pages can react:
 *
 *   document.addEventListener("racecourse:run-finished", (e) => console.log(e.detail));
 *
 * It matches messages to iframes by window, never by origin or DOM access,
 * so the playground may be hosted anywhere.
 */
(function () {
  "use strict";
  if (window.__racecourseEmbed) return;
  window.__racecourseEmbed = true;

  function frameOf(source) {
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === source) return frames[i];
    }
    return null;
  }

  // Whether the host left this frame's height to the playground. Read
  // before the first resize: the height set here must not count as the
  // host's own.
  function autoHeight(frame) {
    if (!frame.hasAttribute("data-racecourse-sized")) {
      var asked = frame.getAttribute("data-racecourse-height") === "auto";
      // A height from the host's attribute, inline style or stylesheet (an
      // iframe no one sized is the browser's 150px).
      var hostHeight = frame.hasAttribute("height") || frame.style.height !== "" ||
        getComputedStyle(frame).height !== "150px";
      frame.setAttribute("data-racecourse-sized", asked || !hostHeight ? "auto" : "host");
    }
    return frame.getAttribute("data-racecourse-sized") === "auto";
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.source !== "racecourse" || typeof data.type !== "string") return;
    var frame = frameOf(event.source);
    if (!frame) return;
    if (data.type === "resize" && autoHeight(frame) && typeof data.height === "number" && data.height > 0 && data.height < 100000) {
      frame.style.height = Math.ceil(data.height) + "px";
    }
    var detail = {};
    for (var key in data) if (Object.prototype.hasOwnProperty.call(data, key)) detail[key] = data[key];
    frame.dispatchEvent(new CustomEvent("racecourse:" + data.type, { detail: detail, bubbles: true }));
  });
})();
