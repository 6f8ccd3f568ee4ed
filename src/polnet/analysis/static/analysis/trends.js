// Draws each trend chart from the Vega-Lite spec in its JSON block, without eval: vega reads
// expressions with its interpreter (the site's policy allows no code made from strings).
import { expressionInterpreter } from "./vendor/vega-interpreter.js";

const options = {
  ast: true,
  expr: expressionInterpreter,
  actions: false,
  renderer: "svg",
  defaultStyle: false, // the site's policy allows no inline style element
  tooltip: false, // the marks' own titles serve as tooltips
};

for (const holder of document.querySelectorAll("[data-chart]")) {
  const source = document.getElementById(holder.dataset.chart);
  if (!source) continue;
  const spec = JSON.parse(source.textContent);
  window.vegaEmbed(holder, spec, options).catch((error) => {
    holder.textContent = holder.dataset.failed || String(error);
  });
}
