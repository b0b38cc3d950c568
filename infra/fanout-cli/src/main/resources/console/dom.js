'use strict';
// Building elements from text only: nothing the pipeline reports (topic names, warnings) is ever parsed as HTML.
const dom = {
  el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  },
  svg(tag, attrs) {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    return node;
  },
  clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  },
  number(value) {
    return value === null || value === undefined ? '–' : Number(value).toLocaleString('en-US');
  },
  rate(value) {
    if (value === null || value === undefined) return '– /s';
    return (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10) + ' /s';
  },
  bytes(value) {
    if (value < 1024) return value + ' B';
    if (value < 1024 * 1024) return (value / 1024).toFixed(1) + ' KiB';
    if (value < 1024 * 1024 * 1024) return (value / 1024 / 1024).toFixed(1) + ' MiB';
    return (value / 1024 / 1024 / 1024).toFixed(2) + ' GiB';
  },
};
