// Cluster page: a toggle to show only the articles whose wording differs.
document.addEventListener("DOMContentLoaded", () => {
  const t = document.getElementById("only-variants");
  if (t) {
    t.addEventListener("change", () => {
      for (const el of document.querySelectorAll(".variant")) {
        el.classList.toggle("hidden", t.checked && el.dataset.variant !== "true");
      }
    });
  }
  // "/" focuses the search box, as on most search sites.
  document.addEventListener("keydown", (e) => {
    if (e.key === "/" && !["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement.tagName)) {
      const q = document.querySelector("main input[type=search]") || document.querySelector("input[type=search]");
      if (q) { e.preventDefault(); q.focus(); }
    }
  });
});
