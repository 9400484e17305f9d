/* What JavaScript adds to pages that already work without it:
 * - focus on the error summary, as the GOV.UK pattern does;
 * - reading settings shown at once and saved as they change;
 * - audio made in place, its progress announced politely, and only in the
 *   block the reader asked in (the others change quietly); a live player,
 *   which plays the audio while it is being made, goes on playing when the
 *   audio is finished, and takes on its captions, speeds and sentence list;
 * - while listening: the sentence being spoken highlighted, skip and speed
 *   buttons, and a list of sentences to play from, kept out of the text so
 *   a screen reader reads the text through.
 * Nothing here moves focus while audio plays or talks over a screen reader.
 */
(function () {
  "use strict";

  var RATE_KEY = "access_api.rate";
  var ANNOUNCE_EVERY_MS = 5000;
  var POLL_EVERY_MS = 1500;

  function readJSON(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (ignored) {
      return null;
    }
  }

  function writeJSON(key, value) {
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (ignored) {
      return false;
    }
  }

  /* ---- Error summary ---- */

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.focus();
    /* A link to a field moves focus into the field and shows its label too. */
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      var label = document.querySelector('label[for="' + field.id + '"]') || field;
      label.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  /* ---- Reading settings ---- */

  /* The settings form works as a plain form (the server keeps a cookie and
   * applies it to every page); here a change shows at once and is saved
   * without leaving the page. */
  function setUpPreferences() {
    var form = document.querySelector("[data-preferences]");
    if (!form) {
      return;
    }
    var status = form.querySelector("[data-preferences-status]");
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.type !== "radio") {
        return;
      }
      var root = document.documentElement;
      var usual = form.querySelector('input[name="' + input.name + '"]');
      if (input === usual) {
        root.removeAttribute("data-" + input.name);
      } else {
        root.setAttribute("data-" + input.name, input.value);
      }
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) {
          status.textContent = response.ok
            ? "Saved on this device."
            : "Changed for this page only: we could not save it. Please try the Save button.";
        })
        .catch(function () {
          status.textContent = "Changed for this page only: we could not save it. Please try the Save button.";
        });
    });
  }

  /* ---- Listening ---- */

  function transcriptSentences(variant) {
    return document.querySelectorAll('[data-transcript="' + variant + '"] .sentence');
  }

  function setUpPlayer(audio) {
    if (audio.dataset.ready) {
      return;
    }
    audio.dataset.ready = "yes";
    var block = audio.closest("[data-listen]");
    var variant = audio.dataset.for;
    var controls = block.querySelector("[data-controls]");
    var savedRate = readJSON(RATE_KEY);

    /* Every player on the page plays at the speed chosen last, on any of them. */
    function choose(rate) {
      document.querySelectorAll("[data-listen]").forEach(function (each) {
        var player = each.querySelector("audio");
        if (player) {
          player.playbackRate = rate;
          player.defaultPlaybackRate = rate;
        }
        each.querySelectorAll("[data-rate]").forEach(function (button) {
          button.setAttribute("aria-pressed", String(Number(button.dataset.rate) === rate));
        });
      });
    }

    if (controls) {
      controls.hidden = false;
      controls.addEventListener("click", function (event) {
        var rateButton = event.target.closest("[data-rate]");
        var skipButton = event.target.closest("[data-skip]");
        if (rateButton) {
          var rate = Number(rateButton.dataset.rate);
          choose(rate);
          writeJSON(RATE_KEY, rate);
        } else if (skipButton) {
          var end = isFinite(audio.duration) ? audio.duration : Infinity;
          audio.currentTime = Math.min(end, Math.max(0, audio.currentTime + Number(skipButton.dataset.skip)));
        }
      });
      if (typeof savedRate === "number" && savedRate >= 0.5 && savedRate <= 2) {
        choose(savedRate);
      }
    }

    fetch(audio.dataset.timings, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : [];
      })
      .then(function (timings) {
        if (timings.length) {
          followAlong(audio, variant, timings);
          listSentences(audio, controls, variant, timings);
        }
      })
      .catch(function () {
        /* Without timings the player still works; only the highlight is missing. */
      });
  }

  function followAlong(audio, variant, timings) {
    var spans = transcriptSentences(variant);
    var byIndex = {};
    spans.forEach(function (span) {
      byIndex[span.dataset.sentence] = span;
    });
    var current = null;

    function highlight(span) {
      if (span === current) {
        return;
      }
      if (current) {
        current.classList.remove("speaking");
      }
      current = span;
      if (span) {
        span.classList.add("speaking");
      }
    }

    /* The sentence heard last stays marked through the pause after it. */
    audio.addEventListener("timeupdate", function () {
      var t = audio.currentTime;
      var found = null;
      for (var i = 0; i < timings.length && timings[i].start <= t; i += 1) {
        found = byIndex[String(timings[i].sentence_index)] || null;
      }
      highlight(found);
    });
    audio.addEventListener("ended", function () {
      highlight(null);
    });
  }

  /* "Play from a sentence": a list beside the player, not buttons between the
   * sentences, so a screen reader's reading of the text is never interrupted. */
  function listSentences(audio, controls, variant, timings) {
    if (!controls || controls.querySelector("[data-play-from]")) {
      return;
    }
    var spans = {};
    transcriptSentences(variant).forEach(function (span) {
      spans[span.dataset.sentence] = span;
    });
    var details = document.createElement("details");
    details.className = "play-from";
    details.setAttribute("data-play-from", "");
    var summary = document.createElement("summary");
    summary.textContent = "Play from a sentence";
    var list = document.createElement("ol");
    timings.forEach(function (timing, i) {
      var span = spans[String(timing.sentence_index)];
      var words = span ? span.textContent.split(/\s+/) : [];
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button small";
      button.textContent =
        "Sentence " + (i + 1) + ": " + words.slice(0, 6).join(" ") + (words.length > 6 ? "…" : "");
      button.addEventListener("click", function () {
        audio.currentTime = timing.start + 0.01;
        audio.play();
      });
      var item = document.createElement("li");
      item.appendChild(button);
      list.appendChild(item);
    });
    details.appendChild(summary);
    details.appendChild(list);
    controls.appendChild(details);
  }

  /* ---- Making audio ---- */

  /* Only the block the reader asked in speaks; the others change quietly. */
  function announce(block, message) {
    var status = block.querySelector("[data-status]");
    if (status && block.dataset.active) {
      status.textContent = message;
    }
  }

  /* Replaces a Listen block's content with the server's fresh copy, keeping its
   * status region in place so screen readers go on hearing it. */
  function refreshBlock(block, html) {
    var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(block.id);
    if (!fresh) {
      return false;
    }
    var playing = block.querySelector("audio");
    var coming = fresh.querySelector("audio");
    if (playing && coming && playing.hasAttribute("data-live") && !coming.hasAttribute("data-live") &&
        (!playing.paused || playing.currentTime > 0)) {
      keepListening(block, fresh, playing, coming);
      return true;
    }
    var playingFile = playing && (playing.dataset.file || playing.getAttribute("src"));
    if (playing && coming && playingFile === coming.getAttribute("src")) {
      /* Only the downloads changed: keep the player, which may be playing. */
      var area = block.querySelector("[data-downloads]");
      var freshArea = fresh.querySelector("[data-downloads]");
      var hadFocusHere = area && area.contains(document.activeElement);
      if (area && freshArea) {
        area.replaceWith(document.importNode(freshArea, true));
      }
      setPending(block, fresh);
      /* The new files may still be being made: follow them as a new block would. */
      setUpBlock(block);
      if (hadFocusHere) {
        var list = block.querySelector("[data-downloads] .downloads");
        list.setAttribute("tabindex", "-1");
        list.focus();
      }
      return true;
    }
    /* Focus moves only when it was on something this replaces, never from elsewhere. */
    var hadFocus = block.contains(document.activeElement);
    var status = block.querySelector("[data-status]");
    Array.prototype.slice.call(block.children).forEach(function (child) {
      if (child !== status) {
        child.remove();
      }
    });
    Array.prototype.slice.call(fresh.children).forEach(function (child) {
      if (!child.hasAttribute("data-status")) {
        block.insertBefore(document.importNode(child, true), status);
      }
    });
    setPending(block, fresh);
    setUpBlock(block);
    if (hadFocus) {
      var target = block.querySelector("audio") || block.querySelector(".listen-title");
      if (target.tagName !== "AUDIO") {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
    return true;
  }

  /* The finished audio arrived while the live player plays (or has played):
   * the live player stays, never interrupted, and takes on the finished
   * player's captions and timings; everything around it is replaced. */
  function keepListening(block, fresh, live, finished) {
    finished.querySelectorAll("track").forEach(function (track) {
      live.appendChild(document.importNode(track, true));
    });
    live.dataset.timings = finished.dataset.timings;
    live.dataset.file = finished.getAttribute("src");
    live.setAttribute("aria-label", finished.getAttribute("aria-label"));
    live.removeAttribute("data-live");
    var status = block.querySelector("[data-status]");
    Array.prototype.slice.call(block.children).forEach(function (child) {
      if (child !== status && child !== live) {
        child.remove();
      }
    });
    var beforePlayer = true;
    Array.prototype.slice.call(fresh.children).forEach(function (child) {
      if (child.tagName === "AUDIO") {
        beforePlayer = false;
      } else if (!child.hasAttribute("data-status")) {
        block.insertBefore(document.importNode(child, true), beforePlayer ? live : status);
      }
    });
    setPending(block, fresh);
    setUpBlock(block);
  }

  function setPending(block, fresh) {
    if (fresh.dataset.pending) {
      block.dataset.pending = fresh.dataset.pending;
    } else {
      delete block.dataset.pending;
    }
  }

  function reloadBlock(block) {
    var address = window.location.pathname + window.location.search;
    return fetch(address, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        return refreshBlock(block, html);
      });
  }

  function poll(block) {
    var url = block.dataset.pending;
    var lastSaid = 0;
    function step() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.json();
        })
        .then(function (job) {
          var hadPlayer = Boolean(block.querySelector("audio"));
          var wasLive = Boolean(block.querySelector("audio[data-live]"));
          if (job.status === "done" || job.status === "failed") {
            return reloadBlock(block).then(function () {
              if (job.status === "failed") {
                announce(block, "We could not make the audio. " + (job.error || ""));
              } else if (wasLive) {
                announce(block, "The audio is finished: its captions, speeds and downloads are ready.");
              } else if (!hadPlayer) {
                announce(block, "The audio is ready. Press play to listen.");
              } else if (!block.dataset.pending) {
                announce(block, "All the downloads are ready.");
              }
              if (block.dataset.pending) {
                url = block.dataset.pending;
                window.setTimeout(step, POLL_EVERY_MS);
              } else {
                delete block.dataset.polling;
              }
            });
          }
          var now = Date.now();
          if (!hadPlayer && now - lastSaid >= ANNOUNCE_EVERY_MS) {
            lastSaid = now;
            announce(
              block,
              job.status === "queued"
                ? "Waiting for its turn to make the audio."
                : "Making the audio: " + Math.round((job.progress || 0) * 100) + "% done."
            );
          }
          window.setTimeout(step, POLL_EVERY_MS);
          return null;
        })
        .catch(function () {
          announce(block, "We lost touch with the server. Reload the page to see if the audio is ready.");
        });
    }
    step();
  }

  function setUpBlock(block) {
    var audio = block.querySelector("audio[data-timings]");
    if (audio) {
      setUpPlayer(audio);
    }
    var form = block.querySelector("[data-make-audio]");
    if (form && !form.dataset.ready) {
      form.dataset.ready = "yes";
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        /* Not `disabled`: that would drop the keyboard focus on the floor. */
        if (form.dataset.busy) {
          return;
        }
        form.dataset.busy = "yes";
        document.querySelectorAll("[data-listen][data-active]").forEach(function (other) {
          delete other.dataset.active;
        });
        block.dataset.active = "yes";
        announce(block, "Asking for the audio…");
        var body = new FormData(form);
        /* The button pressed says which format (the MP3 unless it is another). */
        if (event.submitter && event.submitter.name) {
          body.append(event.submitter.name, event.submitter.value);
        }
        fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
          .then(function (response) {
            return response.text().then(function (html) {
              if (!response.ok) {
                /* The error page says what went wrong in its lead paragraph. */
                var page = new DOMParser().parseFromString(html, "text/html");
                var lead = page.querySelector(".lead");
                throw new Error(lead ? lead.textContent : "Something went wrong. Please try again.");
              }
              if (!refreshBlock(block, html)) {
                throw new Error("Something went wrong. Please reload the page.");
              }
              if (block.querySelector("audio[data-live]")) {
                announce(block, "You can listen now, while the audio is being made.");
              }
            });
          })
          .catch(function (error) {
            delete form.dataset.busy;
            announce(block, error.message);
          });
      });
    }
    if (block.dataset.pending && !block.dataset.polling) {
      block.dataset.polling = "yes";
      poll(block);
    } else if (!block.dataset.pending) {
      delete block.dataset.polling;
    }
  }

  function start() {
    focusErrorSummary();
    setUpPreferences();
    document.querySelectorAll("[data-listen]").forEach(setUpBlock);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
