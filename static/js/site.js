// Progressive enhancement only: everything works without this file.
(function () {
  "use strict";
  var nav = document.querySelector(".main-nav");
  if (!nav) return;
  var toggle = nav.querySelector(".main-nav__toggle");
  var list = nav.querySelector(".main-nav__list");
  if (!toggle || !list) return;
  var mq = window.matchMedia("(min-width: 50em)");
  document.documentElement.classList.add("js-nav");
  toggle.hidden = false;
  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    list.setAttribute("data-collapsed", open ? "false" : "true");
  }
  setOpen(mq.matches);
  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !mq.matches && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });
})();
