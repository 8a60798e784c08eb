// The tenant console's only script: live regions, the upload with progress, the pipeline form's mode switch and
// delete confirmations. Served by the API (no CDN, no build step). Everything it shows comes as server-rendered HTML.
"use strict";

(() => {
  const LIVE_INTERVAL_MS = 1500;

  // Antiforgery tokens differ on every render; they are not a change worth redrawing for.
  const withoutTokens = (html) => html.replace(/(name="__RequestVerificationToken"[^>]*value=")[^"]*"/g, "$1\"");

  // Live parts: an element with data-live="url" has its content replaced by that URL's HTML fragment every interval,
  // only when it changed (so focus, and a button about to be clicked, survive quiet refreshes), and not while the tab
  // is hidden. Compared as the server sent it: the browser's own serialisation of the element differs in form.
  function startLive(element) {
    let last = null;
    let busy = false;
    const refresh = async () => {
      if (busy || document.hidden) return;
      busy = true;
      try {
        const response = await fetch(element.dataset.live, { credentials: "same-origin", headers: { "Accept": "text/html" } });
        if (response.redirected) {
          // The session ended: the fragment URL sent us to sign in.
          window.location.assign(response.url);
          return;
        }
        if (!response.ok) return;
        const html = await response.text();
        const comparable = withoutTokens(html);
        if (comparable !== last) {
          const hadFocus = element.contains(document.activeElement) ? document.activeElement.id : null;
          element.innerHTML = html;
          last = comparable;
          if (hadFocus) document.getElementById(hadFocus)?.focus();
        }
        element.dataset.refreshed = String(Date.now());
      } catch {
        // Offline for a moment: the next tick tries again.
      } finally {
        busy = false;
      }
    };
    setInterval(refresh, LIVE_INTERVAL_MS);
  }

  function showErrors(form, errors, detail) {
    form.querySelectorAll(".field-error").forEach((box) => { box.hidden = true; box.textContent = ""; });
    const fields = Object.keys(errors || {});
    if (fields.length === 0 && detail) fields.push("form");
    for (const field of fields) {
      const box = form.querySelector(`#${field}-error`) || form.querySelector("#form-error");
      const messages = (errors && errors[field]) || [detail];
      for (const message of messages) {
        const line = document.createElement("p");
        line.textContent = message; // text, never HTML
        box.appendChild(line);
      }
      box.hidden = false;
      form.querySelector(`#${field}`)?.setAttribute("aria-invalid", "true");
    }
  }

  // The CSV upload goes by XMLHttpRequest, the only browser API that reports upload progress.
  function startUpload(form) {
    const progress = form.querySelector("#upload-progress");
    const status = form.querySelector("#upload-status");
    const button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const delimiter = data.get("delimiter");
      data.delete("delimiter");
      const file = data.get("file");
      if (!data.get("name") && file && file.name) data.set("name", file.name.replace(/\.csv$/i, ""));
      const request = new XMLHttpRequest();
      request.open("POST", form.action + (delimiter ? `?delimiter=${encodeURIComponent(delimiter)}` : ""));
      request.setRequestHeader("RequestVerificationToken", data.get("__RequestVerificationToken"));
      request.upload.addEventListener("progress", (e) => {
        if (!e.lengthComputable) return;
        const percent = Math.round((e.loaded / e.total) * 100);
        progress.value = percent;
        progress.dataset.max = String(Math.max(Number(progress.dataset.max || 0), percent));
        status.textContent = `Uploading… ${percent} %`;
      });
      request.addEventListener("load", () => {
        button.disabled = false;
        if (request.responseURL.includes("/console/sign-in")) {
          // The session ended while the page was open.
          window.location.assign(request.responseURL);
          return;
        }
        let body = {};
        try { body = JSON.parse(request.responseText); } catch { /* not JSON: shown below */ }
        if (request.status === 201 && body.url) {
          progress.value = 100;
          status.textContent = "Uploaded. Opening the dataset…";
          window.location.assign(body.url);
          return;
        }
        status.textContent = "Upload refused.";
        showErrors(form, body.errors, body.detail || `The server answered ${request.status}.`);
      });
      request.addEventListener("error", () => {
        button.disabled = false;
        status.textContent = "The upload failed: the connection was lost.";
      });
      button.disabled = true;
      progress.value = 0;
      status.textContent = "Uploading… 0 %";
      showErrors(form, {}, null);
      request.send(data);
    });
  }

  // The pipeline form shows the fields or the JSON box, as the radio buttons say.
  function startModes(form) {
    const update = () => {
      const mode = form.querySelector("input[name='Form.Mode']:checked")?.value || "form";
      form.querySelectorAll("[data-mode]").forEach((part) => { part.hidden = part.dataset.mode !== mode; });
    };
    form.querySelectorAll("input[name='Form.Mode']").forEach((radio) => radio.addEventListener("change", update));
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-live]").forEach(startLive);
    document.querySelectorAll("form[data-upload]").forEach(startUpload);
    const pipelineForm = document.getElementById("pipeline-form");
    if (pipelineForm) startModes(pipelineForm);
    document.addEventListener("submit", (event) => {
      const question = event.target.dataset?.confirm;
      if (question && !window.confirm(question)) event.preventDefault();
    });
  });
})();
