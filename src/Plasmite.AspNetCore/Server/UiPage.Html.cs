// The web UI markup: one self-contained page (inline CSS and JS, no external assets) for /ui and /ui/pools/{pool}.
namespace Plasmite.AspNetCore.Server;

internal static partial class UiPage
{
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plasmite UI</title>
<style>
:root { --bg:#0f1115; --panel:#171a21; --line:#262b36; --text:#e6e8ee; --dim:#8b93a7; --accent:#7aa2f7;
        --err:#f7768e; --warn:#e0af68; --ok:#9ece6a; --chip:#232838; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 ui-sans-serif, system-ui, -apple-system, "Segoe UI", sans-serif; background:var(--bg); color:var(--text); }
header { display:flex; align-items:center; gap:12px; padding:12px 20px; border-bottom:1px solid var(--line); background:var(--panel); }
header h1 { font-size:16px; margin:0; font-weight:600; }
header a { color:var(--accent); text-decoration:none; }
main { max-width:1100px; margin:0 auto; padding:20px; }
table { width:100%; border-collapse:collapse; }
th, td { text-align:left; padding:8px 10px; border-bottom:1px solid var(--line); }
th { color:var(--dim); font-weight:500; font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
td a { color:var(--accent); text-decoration:none; font-weight:600; }
.panel { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:14px 16px; margin-bottom:16px; }
.grid { display:grid; grid-template-columns:repeat(auto-fit,minmax(220px,1fr)); gap:8px 20px; }
.label { color:var(--dim); font-size:12px; }
.pill { display:inline-block; padding:1px 8px; border-radius:999px; font-size:12px; font-weight:600; }
.pill.live { background:#1f3326; color:var(--ok); } .pill.reconnecting { background:#3a321f; color:var(--warn); }
.pill.error { background:#3a1f26; color:var(--err); }
.card { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:10px 14px; margin-bottom:10px; }
.card .head { display:flex; gap:10px; align-items:center; flex-wrap:wrap; }
.seq { color:var(--accent); font-weight:700; font-family:ui-monospace, monospace; }
.time { color:var(--dim); font-size:12px; }
.chip { background:var(--chip); border-radius:4px; padding:0 6px; font-size:12px; font-family:ui-monospace, monospace; }
.chip.err { color:var(--err); } .chip.warn { color:var(--warn); } .chip.ok { color:var(--ok); }
.kv { margin:6px 0 0; display:grid; grid-template-columns:max-content 1fr; gap:2px 12px; font-family:ui-monospace, monospace; font-size:13px; }
.kv .k { color:var(--dim); } .kv pre { margin:0; white-space:pre-wrap; }
details { margin-top:6px; } summary { color:var(--dim); cursor:pointer; font-size:12px; }
pre.raw { background:#0b0d11; padding:8px; border-radius:6px; overflow:auto; font-size:12px; }
.empty, .note { color:var(--dim); }
#auth { display:none; } #auth input { background:#0b0d11; color:var(--text); border:1px solid var(--line); border-radius:6px; padding:6px 8px; }
#auth button { background:var(--accent); border:0; border-radius:6px; padding:6px 12px; font-weight:600; cursor:pointer; }
</style>
</head>
<body>
<header><h1><a href="/ui">Plasmite UI</a></h1><span id="crumb" class="note"></span></header>
<main>
  <div id="auth" class="panel">
    <p>Authentication required — enter a bearer token.</p>
    <form id="authForm"><input id="token" type="password" placeholder="bearer token" autocomplete="off"> <button type="submit">Continue</button></form>
  </div>
  <div id="app"></div>
</main>
<script>
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var token = params.get("token") || sessionStorage.getItem("plasmite-token") || "";
  var app = document.getElementById("app");
  var limit = Math.max(1, Math.min(2000, parseInt(params.get("n") || "400", 10) || 400));

  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function headers() { var h = {}; if (token) h["Authorization"] = "Bearer " + token; return h; }
  function needAuth() {
    document.getElementById("auth").style.display = "block";
    document.getElementById("authForm").onsubmit = function (ev) {
      ev.preventDefault(); token = document.getElementById("token").value.trim();
      sessionStorage.setItem("plasmite-token", token); document.getElementById("auth").style.display = "none"; route();
    };
  }
  function getJson(url) {
    return fetch(url, { headers: headers() }).then(function (r) {
      if (r.status === 401) { needAuth(); throw new Error("unauthorized"); }
      return r.json().then(function (body) { if (!r.ok) throw new Error((body && body.error && body.error.message) || ("HTTP " + r.status)); return body; });
    });
  }
  function bytes(n) {
    if (n < 1024) return String(n);
    var units = [["G", 1073741824], ["M", 1048576], ["K", 1024]];
    for (var i = 0; i < units.length; i++) if (n >= units[i][1]) { var v = n / units[i][1]; return (v % 1 === 0 ? v : v.toFixed(1)) + units[i][0]; }
  }
  function ago(iso) {
    if (!iso) return "—";
    var s = Math.max(1, Math.floor((Date.now() - Date.parse(iso)) / 1000));
    if (s < 60) return s + "s ago"; if (s < 3600) return Math.floor(s / 60) + "m ago";
    if (s < 86400) return Math.floor(s / 3600) + "h ago"; if (s < 604800) return Math.floor(s / 86400) + "d ago";
    return Math.floor(s / 604800) + "w ago";
  }
  function chipClass(tag) {
    var t = tag.toLowerCase();
    if (/error|fail|panic|fatal/.test(t)) return "chip err";
    if (/warn|retry|cancel/.test(t)) return "chip warn";
    if (/ok|done|success|result/.test(t)) return "chip ok";
    return "chip";
  }

  function listView() {
    document.getElementById("crumb").textContent = "pools";
    app.textContent = "";
    getJson("/v0/ui/pools").then(function (body) {
      var pools = (body.pools || []).slice().sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; });
      if (!pools.length) { app.appendChild(el("p", "empty", "No pools found.")); return; }
      var table = el("table"); var head = el("tr");
      ["Pool", "Messages", "Newest", "Ring", "Used"].forEach(function (h) { head.appendChild(el("th", null, h)); });
      table.appendChild(head);
      pools.forEach(function (p) {
        var m = p.metrics || {}, u = m.utilization || {}, a = m.age || {};
        var tr = el("tr"); var td = el("td"); var link = el("a", null, p.name);
        link.href = "/ui/pools/" + encodeURIComponent(p.name) + (params.get("token") ? "?token=" + encodeURIComponent(params.get("token")) : "");
        td.appendChild(link); tr.appendChild(td);
        tr.appendChild(el("td", null, String(m.message_count || 0)));
        tr.appendChild(el("td", null, ago(a.newest_time)));
        tr.appendChild(el("td", null, bytes(p.ring_size)));
        tr.appendChild(el("td", null, (u.used_percent || 0) + "%"));
        table.appendChild(tr);
      });
      app.appendChild(table);
    }).catch(function (e) { if (e.message !== "unauthorized") app.appendChild(el("p", "empty", "Error: " + e.message)); });
  }

  function poolView(name) {
    document.getElementById("crumb").textContent = "/ " + name;
    app.textContent = "";
    var panel = el("div", "panel"); var grid = el("div", "grid"); panel.appendChild(grid);
    var cells = {};
    ["Pool", "Storage", "Buffered", "Stream", "Oldest", "Newest"].forEach(function (k) {
      var d = el("div"); d.appendChild(el("div", "label", k)); cells[k] = el("div", null, "…"); d.appendChild(cells[k]); grid.appendChild(d);
    });
    cells.Pool.textContent = name;
    var list = el("div"); list.id = "messages";
    app.appendChild(panel); app.appendChild(list);
    var last = null, shown = 0;

    function setStatus(state) {
      cells.Stream.textContent = ""; cells.Stream.appendChild(el("span", "pill " + state, state));
      cells.Stream.appendChild(document.createTextNode(" " + shown + " of " + limit + " shown"));
    }
    function showInfo(p) {
      var m = p.metrics || {}, u = m.utilization || {}, a = m.age || {}, b = p.bounds || {};
      cells.Storage.textContent = bytes(u.used_bytes || 0) + " of " + bytes(p.ring_size) + " used (" + (u.used_percent || 0) + "%, " + bytes(u.free_bytes || 0) + " free)";
      cells.Buffered.textContent = (m.message_count || 0) + " buffered" + (b.oldest != null ? " (seq " + b.oldest + " → " + b.newest + ")" : "");
      cells.Oldest.textContent = a.oldest_time ? a.oldest_time + " (" + ago(a.oldest_time) + ")" : "—";
      cells.Newest.textContent = a.newest_time ? a.newest_time + " (" + ago(a.newest_time) + ")" : "—";
      return b;
    }
    function card(msg) {
      var c = el("div", "card"); c.id = "msg-" + msg.seq; c.setAttribute("data-seq", String(msg.seq));
      var head = el("div", "head");
      head.appendChild(el("span", "seq", "#" + msg.seq));
      head.appendChild(el("span", "time", ago(msg.time) + " · " + msg.time));
      ((msg.meta && msg.meta.tags) || []).forEach(function (t) { head.appendChild(el("span", chipClass(t), t)); });
      c.appendChild(head);
      var kv = el("div", "kv"); var data = msg.data || {};
      Object.keys(data).forEach(function (k) {
        var v = data[k]; var text = typeof v === "string" ? v : JSON.stringify(v);
        kv.appendChild(el("span", "k", k));
        if (text.length > 80) { var pre = el("pre", null, typeof v === "string" ? v : JSON.stringify(v, null, 2)); kv.appendChild(pre); }
        else kv.appendChild(el("span", "v", text));
      });
      c.appendChild(kv);
      var det = el("details"); det.appendChild(el("summary", null, "raw JSON")); det.appendChild(el("pre", "raw", JSON.stringify(msg, null, 2)));
      c.appendChild(det);
      return c;
    }
    function add(msg) {
      if (last !== null && msg.seq <= last) return;
      last = msg.seq;
      list.insertBefore(card(msg), list.firstChild);
      while (list.childNodes.length > limit) list.removeChild(list.lastChild);
      shown = list.childNodes.length; setStatus("live");
    }
    function stream(since) {
      var url = "/v0/ui/pools/" + encodeURIComponent(name) + "/events?timeout_ms=30000" + (since != null ? "&since_seq=" + since : "");
      fetch(url, { headers: headers() }).then(function (r) {
        if (r.status === 401) { needAuth(); setStatus("error"); return; }
        if (!r.ok) { setStatus("error"); return retry(); }
        setStatus("live");
        var reader = r.body.getReader(), decoder = new TextDecoder(), buf = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) return retry();
            buf += decoder.decode(chunk.value, { stream: true });
            var idx;
            while ((idx = buf.indexOf("\n\n")) >= 0) {
              var frame = buf.slice(0, idx); buf = buf.slice(idx + 2);
              var ev = "message", data = "";
              frame.split("\n").forEach(function (line) {
                if (line.indexOf("event: ") === 0) ev = line.slice(7);
                else if (line.indexOf("data: ") === 0) data += line.slice(6);
              });
              if (!data) continue;
              var obj = JSON.parse(data);
              if (ev === "error") { setStatus("error"); cells.Stream.appendChild(document.createTextNode(" — " + obj.error.message)); return retry(); }
              add(obj);
            }
            return pump();
          });
        }
        return pump();
      }).catch(function () { retry(); });
    }
    function retry() {
      setStatus("reconnecting");
      setTimeout(function () {
        getJson("/v0/ui/pools/" + encodeURIComponent(name) + "/info").then(showInfo).catch(function () {});
        stream(last !== null ? last + 1 : null);
      }, 700);
    }
    getJson("/v0/ui/pools/" + encodeURIComponent(name) + "/info").then(function (body) {
      var b = showInfo(body.pool);
      var since = b.newest != null ? Math.max(b.oldest, b.newest - limit + 1) : null;
      setStatus("live");
      stream(since);
    }).catch(function (e) { if (e.message !== "unauthorized") { cells.Stream.textContent = "error: " + e.message; } });
  }

  function route() {
    var m = location.pathname.match(/^\/ui\/pools\/([^/]+)\/?$/);
    if (m) poolView(decodeURIComponent(m[1])); else listView();
  }
  route();
})();
</script>
</body>
</html>
""";
}
