// The rule builder of the policy editor (its model is rule-model.js). It edits the eligibility rule's JSON tree (groups
// all / any / not, and criteria on a field, a ratio of two figures or a qualification) with
// native controls only, so keyboards and screen readers work as they do anywhere else.
//
// Every change is written into the hidden textarea the form posts (#id_rule) and raises
// "rule-edited" there: htmx then asks the server for the text form ("rule-formatted") and
// for the impact.
// A rule read from the text form arrives from the server in "rule-parsed" and is shown
// here; "rule-invalid" marks the node a refusal names.
(function () {
  "use strict";
  const root = document.getElementById("rule-builder");
  const store = document.getElementById("id_rule");
  const origin = document.getElementById("id_rule_origin");
  const catalogueScript = document.getElementById("rule-catalogue");
  if (!root || !store || !catalogueScript) return;
  const catalogue = JSON.parse(catalogueScript.textContent);
  const T = catalogue.texts;
  const model = window.createRuleModel(catalogue);
  const { fields, load, serialise, pathsOf, typeOf, fieldName, opsOf } = model;
  const { newCriterion, retarget, changeOperator, subjectOf } = model;
  const { el, selectBox, button } = window.ruleDom;
  const status = document.getElementById("rule-builder-status");
  let focusKey = null;
  let paths = new Map();
  const { valueEditor, yearInput, ratioEditor } = window.createValueEditors({
    T,
    catalogue,
    model,
    commit: () => commit(),
    rerender: (key) => {
      focusKey = key;
      render();
    },
  });

  let tree = load(store.value);

  function announce(message) {
    if (status && message) {
      status.textContent = "";
      window.setTimeout(() => { status.textContent = message; }, 50);
    }
  }

  function commit(message) {
    store.value = serialise(tree);
    if (origin) origin.value = "builder";
    store.dispatchEvent(new CustomEvent("rule-edited", { bubbles: true }));
    announce(message);
  }

  // --- rendering ----------------------------------------------------------------------------

  function render() {
    const active = document.activeElement;
    const key = focusKey || (active && root.contains(active) ? active.dataset.key : null);
    paths = pathsOf(tree);
    root.replaceChildren(renderGroup(tree, null, 0));
    focusKey = null;
    if (!key) return;
    const [id] = key.split(":");
    for (const candidate of [key, `${id}:down`, `${id}:up`, `${id}:subject`, `${id}:kind`]) {
      const target = root.querySelector(`[data-key="${CSS.escape(candidate)}"]`);
      if (target && !target.disabled) {
        target.focus();
        return;
      }
    }
  }

  function renderGroup(node, parent, index) {
    const box = el("div", { class: `rb-group rb-${node.group}`, role: "group", "data-path": paths.get(node) });
    const head = el("div", { class: "rb-head" });
    const kind = selectBox(`${node.uid}:kind`, T.groupKind, [["all", T.all], ["any", T.any], ["not", T.not]], node.group);
    kind.addEventListener("change", () => {
      node.group = kind.value;
      render();
      commit();
    });
    head.append(el("span", { class: "rb-label", "aria-hidden": "true" }, T.groupKind), kind);
    box.setAttribute("aria-label", `${T.groupKind}: ${kind.selectedOptions[0].textContent}`);
    if (node.meta.label) head.append(...labelNote(node.meta, node));
    if (parent) head.append(tools(moveButtons(node, parent, index)));
    box.append(head);
    const list = el("ul", { class: "rb-children" });
    node.children.forEach((child, i) => {
      const item = el("li");
      item.append(child.group ? renderGroup(child, node, i) : renderCriterion(child, node, i));
      list.append(item);
    });
    box.append(list);
    if (node.children.length === 0) box.append(el("p", { class: "rb-hint" }, parent ? T.emptyGroup : T.empty));
    const actions = el("div", { class: "rb-actions" });
    actions.append(
      button(`+ ${T.addCriterion}`, `${node.uid}:add-criterion`, () => {
        const created = newCriterion();
        node.children.push(created);
        focusKey = `${created.uid}:subject`;
        render();
        commit(T.added);
      }, T.addCriterion, "rb-small rb-add"),
      button(`+ ${T.addGroup}`, `${node.uid}:add-group`, () => {
        const created = { uid: model.nextUid(), group: "any", meta: {}, children: [newCriterion()] };
        node.children.push(created);
        focusKey = `${created.uid}:kind`;
        render();
        commit(T.added);
      }, T.addGroup, "rb-small rb-add"),
    );
    box.append(actions);
    return box;
  }

  function tools(buttons) {
    const cluster = el("span", { class: "rb-tools" });
    cluster.append(...buttons);
    return cluster;
  }

  function moveButtons(node, parent, index) {
    const move = (delta, name) => () => {
      const siblings = parent.children;
      [siblings[index], siblings[index + delta]] = [siblings[index + delta], siblings[index]];
      focusKey = `${node.uid}:${name}`;
      render();
      commit(T.moved);
    };
    const up = button("↑", `${node.uid}:up`, move(-1, "up"), T.moveUp);
    up.disabled = index === 0;
    const down = button("↓", `${node.uid}:down`, move(1, "down"), T.moveDown);
    down.disabled = index === parent.children.length - 1;
    const remove = button(T.remove, `${node.uid}:remove`, () => {
      parent.children.splice(index, 1);
      focusKey = `${parent.uid}:add-criterion`;
      render();
      commit(T.removed);
    }, T.remove, "rb-small danger");
    return [up, down, remove];
  }

  function labelNote(holder, node) {
    const label = holder.label;
    const text = typeof label === "string" ? label : label[document.documentElement.lang] || label.en || "";
    const note = el("span", { class: "rb-label" }, `${T.label}: ${text}`);
    const drop = button("×", `${node.uid}:unlabel`, () => {
      delete holder.label;
      render();
      commit();
    }, T.removeLabel);
    return [note, drop];
  }

  function subjectOptions(data) {
    const own = [];
    catalogue.fields.forEach((f) => own.push([`field:${f.name}`, f.unit ? `${f.label} (${f.unit})` : f.label]));
    const current = subjectOf(data);
    if (current.startsWith("field:") && !fields.has(current.slice(6))) own.push([current, current.slice(6)]);
    return [
      { group: T.fieldsGroup, options: own },
      { group: T.ratio, options: [["ratio", T.ratio]] },
      { group: T.qualificationsGroup, options: catalogue.qualifications.map((q) => [`qualification:${q.name}`, q.label]) },
    ];
  }

  function renderCriterion(node, parent, index) {
    const data = node.data;
    const type = typeOf(data);
    const found = fields.get(fieldName(data.field));
    const number = index + 1;
    const box = el("div", {
      class: "rb-criterion",
      role: "group",
      "aria-label": T.criterion.replace("%(number)s", number),
      "data-path": paths.get(node),
    });
    const row = el("div", { class: "rb-criterion-row" });
    const subject = selectBox(`${node.uid}:subject`, T.subject, subjectOptions(data), subjectOf(data));
    subject.addEventListener("change", () => {
      retarget(node, subject.value);
      render();
      commit();
    });
    row.append(subject);
    if (type === "ratio") row.append(...ratioEditor(node));
    if (found && found.yearly) row.append(yearInput(node));
    const ops = opsOf(data);
    const operator = selectBox(`${node.uid}:op`, T.operator, ops.map((op) => [op, catalogue.operators[op] || op]), data.op);
    operator.addEventListener("change", () => {
      changeOperator(node, operator.value);
      render();
      commit();
    });
    if (ops.length > 1) row.append(operator);
    row.append(...valueEditor(node, type, found));
    row.append(tools(moveButtons(node, parent, index)));
    box.append(row);
    if (data.label) {
      const line = el("div", { class: "rb-head" });
      line.append(...labelNote(data, node));
      box.append(line);
    }
    return box;
  }

  // --- what the server says -----------------------------------------------------------------

  function clearProblems() {
    root.querySelectorAll(".rb-invalid").forEach((node) => node.classList.remove("rb-invalid"));
    root.querySelectorAll(".rb-error").forEach((node) => node.remove());
  }

  function markProblem(path, message) {
    clearProblems();
    let best = null;
    root.querySelectorAll("[data-path]").forEach((node) => {
      const own = node.dataset.path;
      if (!own) return;
      const prefix = path === own || path.startsWith(`${own}.`) || path.startsWith(`${own}[`);
      if (prefix && (!best || own.length > best.dataset.path.length)) best = node;
    });
    const target = best || root;
    target.classList.add("rb-invalid");
    target.append(el("p", { class: "rb-error", role: "alert" }, message));
  }

  document.addEventListener("rule-invalid", (event) => markProblem(event.detail.path || "", event.detail.message || ""));
  // The builder's rule printed as text: the text field takes it (it stays the same element,
  // so what is typed next is read as usual).
  document.addEventListener("rule-formatted", (event) => {
    clearProblems();
    const text = document.getElementById("id_rule_text");
    if (!text) return;
    text.value = event.detail.text || "";
    text.removeAttribute("aria-invalid");
  });
  document.addEventListener("rule-parsed", (event) => {
    const rule = event.detail.rule || {};
    store.value = Object.keys(rule).length ? JSON.stringify(rule) : "";
    tree = load(store.value);
    render();
    clearProblems();
    document.body.dispatchEvent(new CustomEvent("rule-loaded", { bubbles: true }));
  });
  // Typing in the text form makes it the form that counts when the policy is saved.
  document.addEventListener("input", (event) => {
    if (event.target && event.target.id === "id_rule_text" && origin) origin.value = "text";
  });

  render();
})();
