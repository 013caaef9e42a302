/*!
 * Complaints and repairs chat widget (plain JS, no external CDN).
 *
 * Embed with ONE script tag:
 *   <script src="https://chat.example-landlord.org.uk/widget/chat-widget.js"
 *           data-server="https://chat.example-landlord.org.uk" data-title="Talk to us" defer></script>
 * The script loads its stylesheet (chat-widget.css, beside it) and the vendored socket.io client
 * (../vendor/socket.io.min.js, v4) from where it was served, then talks to Rasa's socketio channel
 * (events user_uttered / bot_uttered, session_persistence: the session id is kept in
 * sessionStorage so a page reload carries on the same conversation).
 * Without data-server the widget talks to the origin it was served from (the compose entry point
 * serves the widget and proxies /socket.io/ to Rasa).
 * Optional: window.ChatWidgetConfig = {server, title, open} set before the script overrides
 * the data- attributes.
 * Accessibility: a labelled text box, the conversation in a role="log" aria-live region,
 * Enter sends, Shift+Enter adds a line, Escape closes the panel and returns focus; suggested
 * answers scroll into view without moving focus, and choosing one returns focus to the text box;
 * the focus ring has at least 3:1 contrast with what it is drawn on (chat-widget.css).
 */
(function () {
  "use strict";
  if (window.__chatWidgetLoaded) { return; }
  window.__chatWidgetLoaded = true;

  var script = document.currentScript || (function () {
    var all = document.querySelectorAll("script[src*='chat-widget.js']");
    return all[all.length - 1];
  })();
  var base = script.src.replace(/[^/]*$/, "");
  var config = Object.assign({
    server: script.getAttribute("data-server") || new URL(script.src, window.location.href).origin,
    title: script.getAttribute("data-title") || "Complaints and repairs",
    open: script.getAttribute("data-open") === "true"
  }, window.ChatWidgetConfig || {});
  var STORAGE_KEY = "chat-widget-session:" + config.server;
  var uid = "cw" + Math.random().toString(36).slice(2, 8);

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function loadScript(src, done) {
    if (window.io) { done(); return; }
    var s = el("script", { src: src });
    s.onload = done;
    s.onerror = function () { setStatus("The chat could not load. Please try again later."); };
    document.head.appendChild(s);
  }

  document.head.appendChild(el("link", { rel: "stylesheet", href: base + "chat-widget.css" }));

  // --- markup ---
  var root = el("div", { class: "cw-root" });
  var launcher = el("button", { type: "button", class: "cw-launcher", "aria-expanded": "false",
                                "aria-controls": uid + "-panel" }, "Chat with us");
  var panel = el("section", { id: uid + "-panel", class: "cw-panel", hidden: "",
                              "aria-labelledby": uid + "-title" });
  var header = el("div", { class: "cw-header" });
  var title = el("h2", { id: uid + "-title", class: "cw-title" }, config.title);
  var close = el("button", { type: "button", class: "cw-close", "aria-label": "Close chat" }, "\u00d7");
  header.appendChild(title);
  header.appendChild(close);
  var status = el("p", { class: "cw-status", role: "status", "aria-live": "polite" });
  var log = el("div", { class: "cw-log", role: "log", "aria-live": "polite",
                        "aria-relevant": "additions", "aria-label": "Conversation", tabindex: "0" });
  var form = el("form", { class: "cw-form" });
  var label = el("label", { for: uid + "-input", class: "cw-label" }, "Your message");
  var hint = el("span", { id: uid + "-hint", class: "cw-hint" },
                "Press Enter to send, Shift and Enter for a new line.");
  var input = el("textarea", { id: uid + "-input", class: "cw-input", rows: "2",
                               "aria-describedby": uid + "-hint", autocomplete: "off",
                               maxlength: "2000" });
  var send = el("button", { type: "submit", class: "cw-send" }, "Send");
  form.appendChild(label);
  form.appendChild(hint);
  form.appendChild(input);
  form.appendChild(send);
  [header, status, log, form].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(panel);
  root.appendChild(launcher);

  function setStatus(text) { status.textContent = text; }

  function addMessage(who, text) {
    var item = el("div", { class: "cw-msg cw-" + who });
    item.appendChild(el("span", { class: "cw-visually-hidden" }, who === "user" ? "You said: " : "Assistant: "));
    var body = el("span", { class: "cw-text" });
    body.textContent = text;  // never innerHTML: bot and user text are untrusted
    item.appendChild(body);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function addButtons(buttons) {
    var group = el("div", { class: "cw-buttons", role: "group", "aria-label": "Suggested answers" });
    buttons.forEach(function (b) {
      var btn = el("button", { type: "button", class: "cw-choice" }, b.title || b.payload);
      btn.addEventListener("click", function () {
        group.remove();
        sendText(b.title || b.payload, b.payload);
        input.focus();  // the chosen button is gone: keep the keyboard in the conversation
      });
      group.appendChild(btn);
    });
    log.appendChild(group);
    // New answers scroll into view without taking focus from wherever the resident is typing.
    log.scrollTop = log.scrollHeight;
    if (group.scrollIntoView) { group.scrollIntoView({ block: "nearest" }); }
  }

  // --- connection ---
  var socket = null;
  var sessionId = null;
  try { sessionId = window.sessionStorage.getItem(STORAGE_KEY); } catch (e) { /* private mode */ }

  function connect() {
    if (socket) { return; }
    setStatus("Connecting\u2026");
    loadScript(base + "../vendor/socket.io.min.js", function () {
      // WebSocket transport: no cross-origin HTTP polling needed from the landlord's page.
      socket = window.io(config.server, { path: "/socket.io", transports: ["websocket"] });
      socket.on("connect", function () {
        socket.emit("session_request", { session_id: sessionId });
      });
      socket.on("session_confirm", function (id) {
        sessionId = typeof id === "string" ? id : (id && id.session_id) || sessionId;
        try { window.sessionStorage.setItem(STORAGE_KEY, sessionId); } catch (e) { /* ignore */ }
        setStatus("Connected. Tell us what has happened.");
        send.disabled = false;
      });
      socket.on("bot_uttered", function (msg) {
        if (msg && msg.text) { addMessage("bot", msg.text); }
        var buttons = (msg && (msg.quick_replies || msg.buttons)) || [];
        if (buttons.length) { addButtons(buttons); }
      });
      socket.on("disconnect", function () { setStatus("Disconnected. Trying to reconnect\u2026"); });
      socket.on("connect_error", function () {
        setStatus("We can't reach the chat at the moment. Trying again\u2026");
      });
    });
  }

  function sendText(shown, payload) {
    if (!socket || !sessionId) { setStatus("Still connecting, please wait a moment."); return false; }
    addMessage("user", shown);
    socket.emit("user_uttered", { message: payload || shown, session_id: sessionId });
    return true;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { input.focus(); return; }
    if (sendText(text)) { input.value = ""; }
    input.focus();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : send.click();
    }
  });

  function openPanel() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.hidden = true;
    connect();
    input.focus();
  }
  function closePanel() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }
  launcher.addEventListener("click", openPanel);
  close.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closePanel(); }
  });

  function mount() {
    document.body.appendChild(root);
    if (config.open) { openPanel(); }
  }
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
  window.ChatWidget = { open: openPanel, close: closePanel };
})();
