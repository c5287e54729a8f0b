/* The site shell's behaviour: KRDS drop-down menus (language switcher), the mobile menu and the
   official-site notice.
   Loaded from a file so that the content security policy can forbid inline scripts. */
(function () {
  "use strict";

  function closeDropdowns(except) {
    document.querySelectorAll(".krds-drop-wrap .drop-btn[aria-expanded='true']").forEach(function (button) {
      if (button === except) return;
      button.setAttribute("aria-expanded", "false");
      button.classList.remove("active");
      var menu = button.nextElementSibling;
      if (menu) menu.classList.remove("is-open");
    });
  }

  function setUpDropdowns() {
    document.querySelectorAll(".krds-drop-wrap .drop-btn").forEach(function (button) {
      var menu = button.nextElementSibling;
      if (!menu) return;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") === "true";
        closeDropdowns(button);
        button.setAttribute("aria-expanded", open ? "false" : "true");
        button.classList.toggle("active", !open);
        menu.classList.toggle("is-open", !open);
      });
      menu.addEventListener("focusout", function (event) {
        if (!button.parentNode.contains(event.relatedTarget)) closeDropdowns();
      });
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest(".krds-drop-wrap")) closeDropdowns();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var wrap = event.target.closest && event.target.closest(".krds-drop-wrap");
      closeDropdowns();
      if (wrap) wrap.querySelector(".drop-btn").focus();
    });
  }

  function setUpMobileMenu() {
    var panel = document.getElementById("mobile-nav");
    var opener = document.querySelector(".btn-navi.all");
    var closer = document.getElementById("close-nav");
    if (!panel || !opener || !closer) return;
    var dialog = panel.querySelector(".gnb-wrap");

    function open() {
      panel.classList.add("is-open");
      opener.setAttribute("aria-expanded", "true");
      document.body.classList.add("site-menu-open");
      dialog.focus();
    }
    function close() {
      panel.classList.remove("is-open");
      opener.setAttribute("aria-expanded", "false");
      document.body.classList.remove("site-menu-open");
      opener.focus();
    }
    opener.addEventListener("click", open);
    closer.addEventListener("click", close);
    panel.addEventListener("click", function (event) {
      if (!event.target.closest(".gnb-wrap")) close();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        close();
        return;
      }
      if (event.key !== "Tab") return;
      var focusable = dialog.querySelectorAll("a[href], button:not([disabled]), input, select, textarea");
      if (!focusable.length) return;
      var first = focusable[0];
      var last = focusable[focusable.length - 1];
      if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });
  }

  function setUpMasthead() {
    /* The official-site notice: "How to check an official website" shows and hides its explanation.
       The button is hidden in the markup so that a page without scripts shows no dead control. */
    var button = document.querySelector("#krds-masthead .site-masthead-toggle");
    if (!button) return;
    var body = document.getElementById(button.getAttribute("aria-controls"));
    if (!body) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      body.hidden = open;
    });
  }

  function setUpConfirmations() {
    /* <form data-confirm="question"> asks before submitting (e.g. rejecting a company). */
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  function setUpDetailsTargets() {
    /* An in-page link (href="#id") whose target is a <details>, or lies inside one, opens it, so
       the link shows what it points to (e.g. the pathfinder's summary and each track's section).
       On the click itself, before the browser scrolls, when the address's #id changes, and for
       the #id a page is opened with. web/tests/test_in_page_links.py checks pages rely on this. */
    function openDetailsTarget(hash) {
      if (!hash || hash.length < 2) return;
      var target;
      try {
        target = document.getElementById(decodeURIComponent(hash.slice(1)));
      } catch (error) {
        return;
      }
      for (var node = target; node; node = node.parentElement) {
        if (node.tagName === "DETAILS") node.open = true;
      }
    }
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href^='#']");
      if (link) openDetailsTarget(link.getAttribute("href"));
    });
    window.addEventListener("hashchange", function () {
      openDetailsTarget(window.location.hash);
    });
    document.addEventListener("DOMContentLoaded", function () {
      openDetailsTarget(window.location.hash);
    });
  }
  setUpDetailsTargets();

  function makeTablesKeyboardScrollable(root) {
    /* KRDS table wrappers scroll sideways on narrow screens: keyboard users must be able to reach
       them (WCAG 2.1.1), so each one without a tabindex gets tabindex=0. Pages that can, give the
       wrapper role="region" and a name in the template (see the back-office tables). */
    (root || document).querySelectorAll(".krds-table-wrap:not([tabindex])").forEach(function (wrap) {
      wrap.setAttribute("tabindex", "0");
    });
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    makeTablesKeyboardScrollable(event.target);
  });

  document.addEventListener("DOMContentLoaded", function () {
    makeTablesKeyboardScrollable(document);
    setUpDropdowns();
    setUpMobileMenu();
    setUpMasthead();
    setUpConfirmations();
  });
})();
