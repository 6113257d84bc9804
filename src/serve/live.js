// mujaz serve: reloads this tab after a good rebuild and shows the errors of
// a failed one. Added by `mujaz serve` to the pages it serves; never written
// by `mujaz build`.
(function () {
  "use strict";
  var me = document.currentScript;
  var shown = Number(me && me.dataset.generation) || 0;
  var run = (me && me.dataset.run) || "";
  var host = null;

  function hide() {
    if (host) {
      host.remove();
      host = null;
    }
  }

  function show(text) {
    hide();
    host = document.createElement("div");
    host.id = "mujaz-overlay";
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = document.createElement("style");
    style.textContent =
      ".box{position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;" +
      "padding:1.5rem;background:rgba(24,24,27,.96);color:#f4f4f5;" +
      "font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace}" +
      ".head{display:flex;gap:1rem;align-items:baseline;margin:0 0 1rem;" +
      "font:600 16px/1.4 system-ui,sans-serif;color:#fca5a5}" +
      ".head span{flex:1}" +
      "button{font:inherit;color:#f4f4f5;background:#3f3f46;border:0;border-radius:4px;padding:.2rem .7rem;cursor:pointer}" +
      ".line{white-space:pre-wrap;overflow-wrap:anywhere;min-height:1.6em}";
    var box = document.createElement("div");
    box.className = "box";
    box.setAttribute("role", "alert");
    box.lang = "en";
    box.dir = "ltr";
    var head = document.createElement("div");
    head.className = "head";
    var title = document.createElement("span");
    title.textContent = "The site does not build. The last good version is shown until the errors are fixed.";
    var titleAr = document.createElement("span");
    titleAr.lang = "ar";
    titleAr.dir = "rtl";
    titleAr.textContent = "لا يُبنى الموقع. تظهر آخر نسخة سليمة منه حتى تُصلَح الأخطاء.";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close · إغلاق";
    close.addEventListener("click", hide);
    head.append(title, titleAr, close);
    box.append(head);
    String(text).split("\n").forEach(function (line) {
      var div = document.createElement("div");
      div.className = "line";
      div.dir = "auto";
      div.textContent = line;
      box.append(div);
    });
    root.append(style, box);
    document.body.append(host);
  }

  function read(e) {
    try {
      return JSON.parse(e.data);
    } catch (_) {
      return null;
    }
  }

  var events = new EventSource("/__mujaz/events");
  events.addEventListener("reload", function (e) {
    var d = read(e);
    if (!d) return;
    if (d.run !== run || d.generation > shown) {
      events.close();
      location.reload();
    } else {
      hide();
    }
  });
  events.addEventListener("failed", function (e) {
    var d = read(e);
    if (d && typeof d.text === "string") show(d.text);
  });
})();
