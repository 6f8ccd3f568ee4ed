/* The graph page: draws the answer the page was given, and lets the analyst expand,
   collapse and pin entities, read every link's reason, and remove a link added by hand.
   Every read goes through the graph API, which applies the reader's policy. */
(function () {
  "use strict";
  var dataEl = document.getElementById("graph-data");
  var box = document.getElementById("graph-canvas");
  if (!dataEl || !box || typeof window.cytoscape !== "function") return;
  var data = JSON.parse(dataEl.textContent);
  var text = JSON.parse(document.getElementById("graph-strings").textContent);
  var api = box.getAttribute("data-api");
  var list = document.getElementById("graph-list");
  var selected = document.getElementById("graph-selected");
  var timeline = document.getElementById("graph-timeline");
  var expandedBy = {};
  var starts = {};
  data.start.forEach(function (k) { starts[k] = true; });

  var COLOURS = {
    person: "#2f5aa8", document: "#7a4fb0", vehicle: "#1f7a6d", firearm: "#a33b3b", artwork: "#a8741f",
    notice: "#c0392b", hit: "#d35400", post: "#555f6d", list: "#6d5f55", identifier: "#3c8d2f"
  };

  function nodeElement(n) {
    return { group: "nodes", data: Object.assign({ id: n.key, colour: COLOURS[n.kind] || "#555" }, n) };
  }
  function edgeId(e) { return [e.source, e.target, e.reason].join("|"); }
  function edgeElement(e) {
    return { group: "edges", data: Object.assign({ id: edgeId(e) }, e) };
  }

  var cy = window.cytoscape({
    container: box,
    elements: data.nodes.map(nodeElement).concat(data.edges.map(edgeElement)),
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", label: "data(label)", "font-size": 10,
        "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "ellipsis", "text-max-width": 120,
        width: 22, height: 22 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#111" } },
      { selector: "node.pinned", style: { shape: "round-rectangle", "border-width": 2, "border-color": "#111" } },
      { selector: "node.start", style: { width: 30, height: 30 } },
      { selector: "edge", style: {
        width: 1.5, "line-color": "#9aa3b0", "curve-style": "bezier", label: "data(label)",
        "font-size": 8, "text-rotation": "autorotate", color: "#444",
        "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      { selector: "edge[reason = 'manual'], edge[reason = 'same_person']", style: { "line-style": "dashed", "line-color": "#2f5aa8" } },
      { selector: ".path", style: { "line-color": "#d35400", width: 3 } }
    ]
  });
  data.start.forEach(function (k) { cy.getElementById(k).addClass("start"); });
  if (data.start.length === 2) cy.edges().addClass("path"); // a shortest path: every link is on it

  function layout() {
    cy.layout({ name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true }).run();
  }
  layout();

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { e.appendChild(c); });
    return e;
  }

  function linksOf(node) {
    return node.connectedEdges().map(function (edge) {
      var other = edge.source().id() === node.id() ? edge.target() : edge.source();
      return { edge: edge, other: other };
    });
  }

  function renderList() {
    list.replaceChildren();
    cy.nodes().forEach(function (node) {
      var n = node.data();
      var head = el("p", {}, [
        el("span", { "class": "kind-tag", text: n.kind_label }), document.createTextNode(" "),
        el("strong", { text: n.label }), document.createTextNode(" "),
        el("code", { dir: "ltr", text: n.key })
      ]);
      if (n.country) head.appendChild(document.createTextNode(" · " + n.country));
      if (n.date) head.appendChild(document.createTextNode(" · " + n.date));
      var links = el("ul", { "class": "graph-links" });
      linksOf(node).forEach(function (l) {
        var note = l.edge.data("note") ? " — " + l.edge.data("note") : "";
        links.appendChild(el("li", { text: l.edge.data("label") + ": " + l.other.data("label") + note }));
      });
      var item = el("li", { "data-key": n.key, tabindex: "0" }, [head, links]);
      item.addEventListener("click", function () { select(n.key); });
      item.addEventListener("keydown", function (ev) { if (ev.key === "Enter") select(n.key); });
      list.appendChild(item);
    });
  }

  function renderTimeline() {
    if (!timeline) return;
    var days = {};
    cy.nodes().forEach(function (node) {
      var d = node.data("date");
      if (d) (days[d] = days[d] || []).push(node.data());
    });
    timeline.replaceChildren();
    Object.keys(days).sort().forEach(function (day) {
      var items = el("ul", {}, days[day].map(function (n) {
        return el("li", {}, [el("span", { "class": "kind-tag", text: n.kind_label }), document.createTextNode(" " + n.label)]);
      }));
      timeline.appendChild(el("li", {}, [el("time", { datetime: day, text: day }), items]));
    });
  }

  function filters() {
    var form = document.getElementById("explore-form");
    var params = new URLSearchParams();
    if (!form) return params;
    var fd = new FormData(form);
    var kinds = fd.getAll("kinds");
    if (kinds.length) params.set("kinds", kinds.join(","));
    ["date_from", "date_to", "countries"].forEach(function (name) {
      var v = fd.get(name);
      if (v) params.set(name, v);
    });
    return params;
  }

  function csrf() {
    var input = document.querySelector("#link-form input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function fail() { selected.replaceChildren(el("p", { "class": "alert error", text: text.failed })); }

  function expand(key) {
    var params = filters();
    params.set("node", key);
    fetch(api + "/expand?" + params.toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (answer) {
        var added = [];
        answer.nodes.forEach(function (n) {
          var existing = cy.getElementById(n.key);
          if (existing.length) { existing.data("degree", n.degree); existing.data("more", n.more); existing.data("at_least", n.at_least); return; }
          cy.add(nodeElement(n));
          added.push(n.key);
        });
        answer.edges.forEach(function (e) { if (!cy.getElementById(edgeId(e)).length) cy.add(edgeElement(e)); });
        expandedBy[key] = (expandedBy[key] || []).concat(added);
        layout(); renderList(); renderTimeline(); select(key);
      })
      .catch(fail);
  }

  function collapse(key) {
    (expandedBy[key] || []).forEach(function (k) {
      var node = cy.getElementById(k);
      if (!node.length || node.hasClass("pinned") || starts[k]) return;
      var others = node.connectedEdges().filter(function (edge) {
        return edge.source().id() !== key && edge.target().id() !== key;
      });
      if (others.length === 0) cy.remove(node);
    });
    delete expandedBy[key];
    renderList(); renderTimeline(); select(key);
  }

  function togglePin(key) {
    var node = cy.getElementById(key);
    if (node.hasClass("pinned")) { node.removeClass("pinned"); node.unlock(); }
    else { node.addClass("pinned"); node.lock(); }
    select(key);
  }

  function removeLink(edge) {
    if (!window.confirm(text.confirm_remove)) return;
    fetch(api + "/links/" + edge.data("link_id"), {
      method: "DELETE", credentials: "same-origin", headers: { "X-CSRFToken": csrf() }
    }).then(function (r) {
      if (r.status !== 204) throw new Error(String(r.status));
      var end = edge.source().id();
      cy.remove(edge); renderList(); select(end);
    }).catch(fail);
  }

  function button(label, action) {
    var b = el("button", { type: "button", "class": "quiet", text: label });
    b.addEventListener("click", action);
    return b;
  }

  function select(key) {
    var node = cy.getElementById(key);
    if (!node.length) { selected.replaceChildren(); return; }
    cy.elements().unselect(); node.select();
    Array.prototype.forEach.call(list.children, function (li) {
      li.classList.toggle("selected", li.getAttribute("data-key") === key);
    });
    var n = node.data();
    var actions = el("p", { "class": "actions" }, [
      button(text.expand, function () { expand(key); }),
      button(text.collapse, function () { collapse(key); }),
      button(node.hasClass("pinned") ? text.unpin : text.pin, function () { togglePin(key); })
    ]);
    var links = el("ul", { "class": "graph-links" });
    linksOf(node).forEach(function (l) {
      var note = l.edge.data("note") ? " — " + l.edge.data("note") : "";
      var item = el("li", { text: l.edge.data("label") + ": " + l.other.data("label") + note });
      if (l.edge.data("reason") === "manual" && l.edge.data("link_id")) {
        item.appendChild(document.createTextNode(" "));
        item.appendChild(button(text.remove, function () { removeLink(l.edge); }));
      }
      links.appendChild(item);
    });
    var parts = [el("h3", { text: n.label }), el("p", {}, [el("code", { dir: "ltr", text: n.key })]), actions,
      el("h4", { text: text.links }), links];
    if (n.more) {
      var said = n.at_least ? text.more_at_least : text.more;
      parts.push(el("p", { "class": "muted", text: said.replace("%(n)s", n.more) }));
    }
    selected.replaceChildren.apply(selected, parts);
    var source = document.querySelector("#link-form [name=source]");
    if (source && !source.value) source.value = key;
  }

  // "Add this view to a report" sends the keys of the entities on screen now; the server
  // rebuilds their labels and links under the analyst's policy.
  var toReport = document.getElementById("graph-to-report");
  if (toReport) {
    toReport.addEventListener("submit", function () {
      toReport.querySelector("[name=nodes]").value = cy.nodes().map(function (n) { return n.id(); }).join(" ");
    });
  }

  cy.on("tap", "node", function (ev) { select(ev.target.id()); });
  cy.on("dbltap", "node", function (ev) { expand(ev.target.id()); });
  renderList();
  renderTimeline();
  if (data.start.length) select(data.start[0]);
})();
