// The value controls of the rule builder: a criterion's year, ratio, list, range, named
// parameter or date relative to the day of assessment, each bound to the criterion's JSON.
(function () {
  "use strict";

  // --- small DOM helpers --------------------------------------------------------------------

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function selectBox(key, label, options, value) {
    const box = el("select", { "data-key": key, "aria-label": label });
    options.forEach((option) => {
      if (option.group) {
        const group = el("optgroup", { label: option.group });
        option.options.forEach(([v, text]) => group.append(el("option", { value: v }, text)));
        box.append(group);
      } else {
        box.append(el("option", { value: option[0] }, option[1]));
      }
    });
    box.value = value;
    return box;
  }

  function button(text, key, action, label, extra) {
    const node = el("button", { type: "button", "data-key": key, "aria-label": label, title: label, class: extra || "rb-small" }, text);
    node.addEventListener("click", action);
    return node;
  }

  function round(number) {
    return Number(number.toPrecision(12));
  }

  // ctx: {T, catalogue, model, commit(), rerender(focusKey)}
  function createValueEditors(ctx) {
    const { T, catalogue, model } = ctx;
    const { fieldName, valueDefault } = model;
    const commit = () => ctx.commit();

    function yearInput(node) {
      const data = node.data;
      const input = el("input", {
        type: "number", min: "1900", max: "2200", step: "1", inputmode: "numeric",
        placeholder: T.latestYear, "aria-label": T.year, "data-key": `${node.uid}:year`,
      });
      input.value = data.year === undefined ? "" : data.year;
      input.addEventListener("input", () => {
        if (input.value === "") delete data.year;
        else data.year = Number(input.value);
        commit();
      });
      return input;
    }

    function ratioEditor(node) {
      const ratio = node.data.ratio;
      const numeric = catalogue.fields.filter((f) => f.type === "number" || f.type === "integer");
      const options = numeric.map((f) => [f.name, f.label]);
      const parts = [];
      ["numerator", "denominator"].forEach((key) => {
        const current = fieldName(ratio[key]);
        const box = selectBox(`${node.uid}:${key}`, T[key], options, current);
        box.addEventListener("change", () => {
          ratio[key] = box.value;
          commit();
        });
        if (key === "denominator") parts.push(el("span", { class: "rb-unit" }, T.denominator));
        parts.push(box);
      });
      return parts;
    }

    function listText(value) {
      return (Array.isArray(value) ? value : [value]).filter((v) => v !== undefined && v !== null).join(", ");
    }

    function splitList(text) {
      return text.split(/[,，;；\s]+/).map((v) => v.trim()).filter((v) => v !== "");
    }

    function scalarFrom(type, text) {
      if (type === "number" || type === "integer") return text === "" || Number.isNaN(Number(text)) ? text : Number(text);
      return text;
    }

    function valueEditor(node, type, found) {
      const data = node.data;
      const key = `${node.uid}:value`;
      if (type === "qualification") {
        const input = el("input", { type: "date", "aria-label": T.validOn, title: T.validOn, "data-key": key });
        input.value = typeof data.value === "string" ? data.value : "";
        input.addEventListener("input", () => {
          if (input.value) data.value = input.value;
          else delete data.value;
          commit();
        });
        return [el("span", { class: "rb-unit" }, T.validOn), input];
      }
      if (data.op === "within") {
        const input = el("input", { type: "text", class: "rb-wide", "aria-label": T.value, "data-key": key, spellcheck: "false" });
        input.value = listText(data.value);
        input.addEventListener("input", () => {
          const items = splitList(input.value);
          data.value = items.length === 1 ? items[0] : items;
          commit();
        });
        return [input, el("span", { class: "rb-hint" }, type === "region" ? T.regionHelp : T.industryHelp)];
      }
      if (data.op === "in" || data.op === "not_in") {
        if (type === "enum" && found) {
          const checks = el("span", { class: "rb-checks", role: "group", "aria-label": T.value });
          const chosen = new Set(Array.isArray(data.value) ? data.value : []);
          const boxes = found.choices.map((choice, i) => {
            const label = el("label");
            const box = el("input", { type: "checkbox", "data-key": `${key}:${i}` });
            box.checked = chosen.has(choice.value);
            box.addEventListener("change", () => {
              data.value = found.choices.filter((c, j) => boxes[j].checked).map((c) => c.value);
              commit();
            });
            label.append(box, document.createTextNode(choice.label));
            checks.append(label);
            return box;
          });
          return [checks];
        }
        const input = el("input", { type: "text", class: "rb-wide", "aria-label": T.value, "data-key": key });
        input.value = listText(data.value);
        input.addEventListener("input", () => {
          data.value = splitList(input.value).map((v) => scalarFrom(type, v));
          commit();
        });
        return [input, el("span", { class: "rb-hint" }, T.listHelp)];
      }
      if (data.op === "between") {
        const pair = Array.isArray(data.value) ? data.value : [data.value, data.value];
        data.value = pair;
        return [
          ...boundEditor(node, type, found, pair[0], (v) => { pair[0] = v; }, `${key}:low`, T.low),
          el("span", { class: "rb-unit" }, T.high),
          ...boundEditor(node, type, found, pair[1], (v) => { pair[1] = v; }, `${key}:high`, T.high),
        ];
      }
      if (type === "boolean") {
        const box = selectBox(key, T.value, [["true", T.yes], ["false", T.no]], String(data.value !== false));
        box.addEventListener("change", () => {
          data.value = box.value === "true";
          commit();
        });
        return [box];
      }
      if (type === "enum" && found) {
        const box = selectBox(key, T.value, found.choices.map((c) => [c.value, c.label]), data.value);
        box.addEventListener("change", () => {
          data.value = box.value;
          commit();
        });
        return [box];
      }
      return boundEditor(node, type, found, data.value, (v) => { data.value = v; }, key, T.value);
    }

    function boundKind(value) {
      if (value && typeof value === "object" && "parameter" in value) return "parameter";
      if (value && typeof value === "object" && "relative" in value) return "relative";
      return "literal";
    }

    // One value: a literal, a named parameter (numbers), or a date relative to the day of
    // assessment (dates); "set" stores it.
    function boundEditor(node, type, found, value, set, key, label) {
      const numeric = type === "number" || type === "integer";
      const parameters = numeric ? catalogue.parameters.filter((p) => p.type === "number" || p.type === "integer") : [];
      const kinds = [["literal", type === "date" ? T.kindDate : T.kindNumber]];
      if (parameters.length) kinds.push(["parameter", T.kindParameter]);
      if (type === "date") kinds.push(["relative", T.kindRelative]);
      const parts = [];
      const kind = boundKind(value);
      if (kinds.length > 1) {
        const choose = selectBox(`${key}:kind`, `${label}: ${T.valueKind}`, kinds, kind);
        choose.addEventListener("change", () => {
          if (choose.value === "parameter") set({ parameter: parameters[0].name });
          else if (choose.value === "relative") set({ relative: { years: -1 } });
          else set(valueDefault(type, "=", found));
          ctx.rerender(`${key}:kind`);
          commit();
        });
        parts.push(choose);
      }
      if (kind === "parameter") {
        const box = selectBox(key, label, parameters.map((p) => [p.name, p.current ? `${p.label} (${p.current})` : p.label]), value.parameter);
        box.addEventListener("change", () => {
          set({ parameter: box.value });
          commit();
        });
        parts.push(box);
        return parts;
      }
      if (kind === "relative") {
        const shift = value.relative || {};
        const unit = ["years", "months", "days"].find((u) => shift[u]) || "years";
        const amount = el("input", { type: "number", min: "0", step: "1", "aria-label": label, "data-key": key });
        amount.value = Math.abs(shift[unit] || 0);
        const units = selectBox(`${key}:unit`, label, [["years", T.years], ["months", T.months], ["days", T.days]], unit);
        const direction = selectBox(`${key}:direction`, label, [["-", T.before], ["+", T.after]], (shift[unit] || 0) > 0 ? "+" : "-");
        const update = () => {
          const size = Math.trunc(Number(amount.value) || 0);
          set({ relative: { [units.value]: direction.value === "-" ? -size : size } });
          commit();
        };
        [amount, units, direction].forEach((control) => control.addEventListener("input", update));
        [units, direction].forEach((control) => control.addEventListener("change", update));
        parts.push(amount, units, direction);
        return parts;
      }
      if (type === "date") {
        const input = el("input", { type: "date", "aria-label": label, "data-key": key });
        input.value = typeof value === "string" ? value : "";
        input.addEventListener("input", () => {
          set(input.value);
          commit();
        });
        parts.push(input);
        return parts;
      }
      if (numeric || type === "ratio") {
        const input = el("input", { type: "number", step: "any", "aria-label": label, "data-key": key });
        const shown = typeof value === "number" ? (type === "ratio" ? round(value * 100) : value) : "";
        input.value = shown;
        input.addEventListener("input", () => {
          const raw = input.value.trim();
          const parsed = Number(raw);
          if (raw === "" || Number.isNaN(parsed)) set(raw);
          else set(type === "ratio" ? round(parsed / 100) : parsed);
          commit();
        });
        parts.push(input);
        const unit = type === "ratio" ? "%" : found ? found.unit : "";
        if (unit) parts.push(el("span", { class: "rb-unit" }, unit));
        return parts;
      }
      const input = el("input", { type: "text", "aria-label": label, "data-key": key, spellcheck: "false" });
      input.value = value === undefined || value === null ? "" : String(value);
      input.addEventListener("input", () => {
        set(input.value);
        commit();
      });
      parts.push(input);
      return parts;
    }

    return { valueEditor, yearInput, ratioEditor };
  }

  window.ruleDom = { el, selectBox, button };
  window.createValueEditors = createValueEditors;
})();
