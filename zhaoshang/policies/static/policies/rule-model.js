// The rule builder's model of the eligibility rule (no DOM here): groups are
// {uid, group: "all" | "any" | "not", children, meta}, criteria are {uid, data} with the
// criterion's JSON kept as it is; conversion to and from the stored JSON, the JSON paths
// the server names in its refusals, and sensible defaults when a criterion changes.
(function () {
  "use strict";

  function createRuleModel(catalogue) {
    const fields = new Map(catalogue.fields.map((f) => [f.name, f]));
    const META = ["id", "label", "reference"];
    const COMPARE = ["=", "!=", "<", "<=", ">", ">="];
    const today = new Date().toISOString().slice(0, 10);
    let uid = 0;
    const nextUid = () => ++uid;

    // --- the model: {group, children, meta} for a group, {data} for a criterion ---------------

    function fromJson(data) {
      if (data && typeof data === "object" && !Array.isArray(data)) {
        for (const kind of ["all", "any", "not"]) {
          if (kind in data) {
            const meta = {};
            META.forEach((key) => { if (key in data) meta[key] = data[key]; });
            const items = kind === "not" ? [data.not] : Array.isArray(data[kind]) ? data[kind] : [];
            return { uid: ++uid, group: kind, meta, children: items.map(fromJson) };
          }
        }
      }
      const plain = data && typeof data === "object" && !Array.isArray(data) ? data : {};
      return { uid: ++uid, data: JSON.parse(JSON.stringify(plain)) };
    }

    function toJson(node) {
      if (!node.group) return node.data;
      const out = { ...node.meta };
      if (node.group === "not") {
        out.not = node.children.length === 1 ? toJson(node.children[0]) : { all: node.children.map(toJson) };
      } else {
        out[node.group] = node.children.map(toJson);
      }
      return out;
    }

    function emptyRoot() {
      return { uid: ++uid, group: "all", meta: {}, children: [] };
    }

    // The builder always shows a group at the top; a lone criterion is stored as itself.
    function load(text) {
      let data = {};
      try {
        data = text && text.trim() ? JSON.parse(text) : {};
      } catch (error) {
        data = {};
      }
      if (!data || typeof data !== "object" || Object.keys(data).length === 0) return emptyRoot();
      const node = fromJson(data);
      if (node.group && node.group !== "not") return node;
      const top = emptyRoot();
      top.children.push(node);
      return top;
    }

    function unwrapped(tree) {
      return tree.group === "all" && tree.children.length === 1 && Object.keys(tree.meta).length === 0;
    }

    function serialise(tree) {
      if (tree.children.length === 0) return "";
      return JSON.stringify(unwrapped(tree) ? toJson(tree.children[0]) : toJson(tree));
    }

    // JSON paths as the server names them in its refusals ($.all[1].value).
    function pathsOf(tree) {
      const found = new Map();
      function walk(node, path) {
        found.set(node, path);
        if (!node.group) return;
        if (node.group === "not" && node.children.length === 1) {
          walk(node.children[0], `${path}.not`);
        } else {
          const key = node.group === "not" ? "not.all" : node.group;
          node.children.forEach((child, i) => walk(child, `${path}.${key}[${i}]`));
        }
      }
      if (unwrapped(tree)) {
        found.set(tree, "");
        walk(tree.children[0], "$");
      } else {
        walk(tree, "$");
      }
      return found;
    }

    // --- defaults -----------------------------------------------------------------------------

    function typeOf(data) {
      if ("qualification" in data) return "qualification";
      if ("ratio" in data) return "ratio";
      const found = fields.get(fieldName(data.field));
      return found ? found.type : "text";
    }

    function fieldName(raw) {
      return raw && typeof raw === "object" ? raw.field : raw;
    }

    function opsOf(data) {
      if ("qualification" in data) return ["valid"];
      if ("ratio" in data) return catalogue.numericOps;
      const found = fields.get(fieldName(data.field));
      return found ? found.ops : [data.op];
    }

    function scalarDefault(type, found) {
      switch (type) {
        case "number":
        case "integer":
          return 0;
        case "ratio":
          return 0.03;
        case "date":
          return today;
        case "boolean":
          return true;
        case "enum":
          return found && found.choices.length ? found.choices[0].value : "";
        case "region":
          return "441284";
        case "industry":
          return "3971";
        default:
          return "";
      }
    }

    function valueDefault(type, op, found) {
      if (op === "within") return type === "region" ? "4412" : "C13..C43";
      if (op === "in" || op === "not_in") return [scalarDefault(type, found)];
      if (op === "between") {
        if (type === "ratio") return [0.03, 0.1];
        if (type === "number" || type === "integer") return [0, 100];
        const one = scalarDefault(type, found);
        return [one, one];
      }
      return scalarDefault(type, found);
    }

    function newCriterion() {
      return { uid: ++uid, data: { field: "revenue", op: ">=", value: { parameter: "above_size_threshold" } } };
    }

    function retarget(node, subject) {
      const kept = node.data.id ? { id: node.data.id } : {};
      if (subject === "ratio") {
        node.data = { ratio: { numerator: "rd_expenditure", denominator: "revenue" }, op: ">=", value: 0.03, ...kept };
      } else if (subject.startsWith("qualification:")) {
        node.data = { qualification: subject.slice("qualification:".length), op: "valid", ...kept };
      } else {
        const found = fields.get(subject.slice("field:".length));
        const op = found.ops.includes(">=") ? ">=" : found.ops[0];
        node.data = { field: found.name, op, value: valueDefault(found.type, op, found), ...kept };
      }
    }

    function changeOperator(node, op) {
      const data = node.data;
      const type = typeOf(data);
      const scalar = COMPARE.includes(data.op) && COMPARE.includes(op);
      data.op = op;
      if (!scalar) data.value = valueDefault(type, op, fields.get(fieldName(data.field)));
    }

    function subjectOf(data) {
      if ("qualification" in data) return `qualification:${data.qualification}`;
      if ("ratio" in data) return "ratio";
      return `field:${fieldName(data.field) || ""}`;
    }

    return {
      fields, today, nextUid, fromJson, toJson, emptyRoot, load, unwrapped, serialise, pathsOf,
      typeOf, fieldName, opsOf, valueDefault, newCriterion, retarget, changeOperator, subjectOf,
    };
  }

  window.createRuleModel = createRuleModel;
})();
