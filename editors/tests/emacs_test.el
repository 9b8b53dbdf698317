;;; emacs_test.el --- batch Emacs + eglot drives flakewise through editors/emacs  -*- lexical-binding: t -*-
;; Checks what editors/tests/cases.json lists. Run by run_emacs.sh:
;;   emacs --batch -l emacs_test.el
;; Env: FLAKEWISE_BIN (server), WORKSPACE (a copy of the example), CASES,
;;      SETUP_DIR (editors/emacs).
(require 'cl-lib)
(require 'subr-x)

(defun fw-env (name)
  (let ((v (getenv name)))
    (if (and v (not (string-empty-p v))) v (error "Environment variable %s is not set" name))))

(defvar fw-bin (fw-env "FLAKEWISE_BIN"))
(defvar fw-workspace (file-name-as-directory (file-truename (fw-env "WORKSPACE"))))
(defvar fw-cases-file (fw-env "CASES"))
(defvar fw-timeout 10.0)
(defvar fw-t0 (float-time))

(unless (require 'eglot nil t)
  (princ "FAIL: eglot is missing: Emacs 28 needs the eglot package (Debian: elpa-eglot)\n")
  (kill-emacs 1))
(add-to-list 'load-path (fw-env "SETUP_DIR"))
(require 'flakewise)
(require 'flymake)
(require 'imenu)

(setq eglot-sync-connect fw-timeout        ; block in eglot--connect until initialized
      eglot-autoshutdown nil
      eglot-events-buffer-size 0
      jsonrpc-default-request-timeout fw-timeout)
(add-hook 'flakewise-nix-mode-hook #'eglot-ensure)

(defun fw-ok (what)
  (princ (format "ok   %-60s %6.0f ms\n" what (* 1000 (- (float-time) fw-t0)))))

(defun fw-wait (what pred)
  "Pump the event loop until PRED is non-nil, or fail after `fw-timeout'."
  (let ((deadline (+ (float-time) fw-timeout)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.01))
    (or (funcall pred) (error "Timed out after %ss waiting for %s" fw-timeout what))))

(defun fw-read-json (file)
  (with-temp-buffer
    (insert-file-contents file)
    ;; The same representation as eglot's (jsonrpc's) decoded messages.
    (json-parse-buffer :object-type 'plist :array-type 'array
                       :null-object nil :false-object :json-false)))

(defun fw-parse (text)
  (json-parse-string text :object-type 'plist :array-type 'array :null-object nil :false-object :json-false))

(defun fw-encode (value)
  (json-serialize value :null-object nil :false-object :json-false))

;;;; The pattern matcher described in cases.json.

(defun fw-plistp (x) (and (consp x) (keywordp (car x))))

(defun fw-match (pattern value path root)
  "Nil when VALUE contains PATTERN, else a sentence saying where it differs."
  (cond
   ((stringp pattern)
    (let ((want (string-replace "${root}" root pattern)))
      (unless (equal want value) (format "%s is %S, expected %S" path value want))))
   ((and (vectorp pattern) (> (length pattern) 0))
    (if (not (vectorp value))
        (format "%s is not an array" path)
      (cl-loop for p across pattern for i from 0
               unless (cl-loop for v across value for j from 0
                               thereis (null (fw-match p v (format "%s[%d]" path j) root)))
               return (format "%s: no element matches pattern #%d %s" path i (fw-encode p)))))
   ((and (fw-plistp pattern) (eq (car pattern) (intern ":$contains")))
    (unless (and (stringp value) (string-search (cadr pattern) value))
      (format "%s is %S, expected it to contain %S" path value (cadr pattern))))
   ((fw-plistp pattern)
    (if (not (fw-plistp value))
        (format "%s is %S, expected an object" path value)
      (cl-loop for (k p) on pattern by #'cddr
               ;; ${root} may stand in a key too (WorkspaceEdit.changes).
               for key = (intern (concat ":" (string-replace "${root}" root (substring (symbol-name k) 1))))
               for why = (fw-match p (plist-get value key) (format "%s.%s" path (substring (symbol-name key) 1)) root)
               when why return why)))
   (t (unless (equal pattern value) (format "%s is %S, expected %S" path value pattern)))))

(defun fw-self-check ()
  "The matcher must reject what differs, or every check below would pass."
  (let ((r (vector '(:name "a" :children [(:name "b" :uri "file:///w/x.nix")]))))
    (cl-assert (null (fw-match [(:name "a")] r "r" "")) nil "matcher: subset")
    (cl-assert (null (fw-match [(:children [(:uri "${root}/x.nix")])] r "r" "file:///w")) nil "matcher: ${root}")
    (cl-assert (fw-match [(:name "b")] r "r" "") nil "matcher accepts a missing element")
    (cl-assert (fw-match [(:name "a" :kind 1)] r "r" "") nil "matcher accepts a missing key")
    (cl-assert (fw-match [(:children [(:uri "${root}/y.nix")])] r "r" "file:///w") nil "matcher: wrong uri"))
  (let ((edit (fw-parse "{\"changes\": {\"file:///w/x.nix\": [{\"newText\": \"let binding, line 10\"}]}}")))
    (cl-assert (null (fw-match (fw-parse "{\"changes\": {\"${root}/x.nix\": [{\"newText\": {\"$contains\": \"binding\"}}]}}")
                               edit "r" "file:///w"))
               nil "matcher: ${root} in keys, $contains")
    (cl-assert (fw-match (fw-parse "{\"changes\": {\"${root}/x.nix\": [{\"newText\": {\"$contains\": \"line 9\"}}]}}")
                         edit "r" "file:///w")
               nil "matcher: $contains accepts what is not there")))

;;;; Helpers

(defun fw-open (relative)
  "Visit RELATIVE in the workspace in a window and connect it like a user's first command."
  (find-file (expand-file-name relative fw-workspace))
  ;; eglot-ensure connects from `post-command-hook', which never runs in batch.
  (run-hooks 'post-command-hook)
  (current-buffer))

(defun fw-diagnostics ()
  (flymake-diagnostics))

(defun fw-position-of (pos)
  "The LSP position (plist) of buffer position POS (the example is ASCII)."
  (save-excursion
    (goto-char pos)
    (list :line (1- (line-number-at-pos)) :character (- pos (line-beginning-position)))))

(defun fw-point-at (lsp-pos)
  (save-excursion
    (goto-char (point-min))
    (forward-line (plist-get lsp-pos :line))
    (+ (point) (plist-get lsp-pos :character))))

(defun fw-names (tree)
  "Every name in an imenu index TREE."
  (cl-loop for (name . rest) in tree
           append (cons name (and (consp rest) (not (markerp rest)) (not (integerp rest))
                                  (fw-names rest)))))

(defun fw-pattern-names (pattern)
  "Every :name in a documentSymbol PATTERN."
  (cl-loop for p across pattern
           append (cons (plist-get p :name)
                        (and (plist-get p :children) (fw-pattern-names (plist-get p :children))))))

;;;; The test

(defun fw-run ()
  (fw-self-check)
  (unless (file-executable-p fw-bin)
    (error "The flakewise server %s is missing or not executable: build it first (scripts/build.sh)" fw-bin))
  (let* ((cases (fw-read-json fw-cases-file))
         (file (plist-get cases :file))
         (want (plist-get cases :diagnostic))
         (root-uri (string-remove-suffix "/" (eglot--path-to-uri fw-workspace)))
         buffer server)

    ;; The set-up reports a missing server clearly and starts nothing.
    (let* ((flakewise-command (list (expand-file-name "no-such-flakewise" fw-workspace)))
           (err (condition-case e (progn (fw-open file) nil) (user-error (cadr e)))))
      (unless (and err (string-search "no-such-flakewise" err) (string-search "README.md" err))
        (error "Expected a user-error naming the command and the README, got %S" err))
      (when (eglot-current-server) (error "A server started without a program"))
      (kill-buffer)
      (fw-ok (format "missing server: %s..." (substring err 0 60))))

    ;; Start through the set-up, as a user would.
    (setq flakewise-command (list fw-bin))
    (setq buffer (fw-open file))
    (unless (eq major-mode 'flakewise-nix-mode) (error "Major mode is %s" major-mode))
    (fw-wait "eglot to manage the buffer" (lambda () (bound-and-true-p eglot--managed-mode)))
    (setq server (eglot-current-server))
    (let ((root (project-root (eglot--project server))))
      (unless (equal (file-truename root) fw-workspace)
        (error "Project root is %s, expected the folder of flake.nix %s" root fw-workspace))
      (fw-ok (format "started %s with root %s" (plist-get (eglot--server-info server) :name) root)))

    ;; The known diagnostic, as flymake shows it.
    (fw-wait (format "the diagnostic %S" (plist-get want :message)) (lambda () (fw-diagnostics)))
    (let* ((diags (fw-diagnostics))
           (d (car diags))
           (start (plist-get (plist-get want :range) :start)))
      (unless (= (length diags) 1) (error "Expected exactly one diagnostic, got %S" diags))
      ;; eglot widens an empty range to the character before it (or the
      ;; symbol at it), so flymake's region holds the position.
      (unless (<= (flymake-diagnostic-beg d) (fw-point-at start) (flymake-diagnostic-end d))
        (error "Diagnostic from %S to %S, expected it at %S" (fw-position-of (flymake-diagnostic-beg d))
               (fw-position-of (flymake-diagnostic-end d)) start))
      (unless (eq (flymake-diagnostic-type d) 'eglot-error)
        (error "Diagnostic type %S, expected eglot-error" (flymake-diagnostic-type d)))
      (unless (string-search (plist-get want :message) (flymake-diagnostic-text d))
        (error "Diagnostic text %S, expected %S" (flymake-diagnostic-text d) (plist-get want :message)))
      (fw-ok (format "diagnostic at %d:%d: %s" (1+ (plist-get start :line)) (1+ (plist-get start :character))
                     (flymake-diagnostic-text d))))

    ;; The outline, as imenu shows it: every name the outline case expects.
    (let* ((outline (cl-find "textDocument/documentSymbol" (plist-get cases :requests)
                             :key (lambda (c) (plist-get c :method)) :test #'equal))
           (names (fw-names (funcall imenu-create-index-function))))
      (dolist (n (delete-dups (fw-pattern-names (plist-get outline :expect))))
        (unless (member n names) (error "imenu lacks %S; it has %S" n names)))
      (fw-ok (format "imenu shows the outline (%d entries)" (length names))))

    ;; Requests, as listed, over eglot's connection.
    (cl-loop for case across (plist-get cases :requests) do
             (let* ((case-file (or (plist-get case :file) file))
                    (buf (if (equal case-file file) buffer (fw-open case-file))))
               (with-current-buffer buf
                 (fw-wait (format "%s to be managed" case-file) (lambda () (bound-and-true-p eglot--managed-mode)))
                 (unless (eq (eglot-current-server) server) (error "%s has another server" case-file))
                 (let* ((params (append (list :textDocument (eglot--TextDocumentIdentifier))
                                        (copy-sequence (plist-get case :params))))
                        (result (jsonrpc-request server (intern (concat ":" (plist-get case :method))) params))
                        (why (fw-match (plist-get case :expect) result (plist-get case :method) root-uri)))
                   (when why (error "%s: %s\nwhole result: %s" (plist-get case :name) why (fw-encode result)))))
               (switch-to-buffer buffer)
               (fw-ok (plist-get case :name))))

    ;; Settings reach the running server.
    (flakewise-update-settings (plist-get (plist-get cases :silence) :flakewise))
    (fw-wait "the diagnostic to disappear after silencing it in the settings" (lambda () (null (fw-diagnostics))))
    (fw-ok (format "settings %s silence it" (fw-encode (plist-get cases :silence))))
    (flakewise-update-settings (plist-get (plist-get cases :restore) :flakewise))
    (fw-wait "the diagnostic to come back" (lambda () (= 1 (length (fw-diagnostics)))))
    (fw-ok (format "settings %s bring it back" (fw-encode (plist-get cases :restore))))

    ;; Fix the mistake: an incremental didChange.
    (let ((fix (plist-get cases :fix)))
      (goto-char (fw-point-at (plist-get fix :at)))
      (insert (plist-get fix :text))
      ;; Normally sent by an idle timer, which never fires in batch.
      (eglot--signal-textDocument/didChange)
      (fw-wait "the diagnostic to disappear after the fix" (lambda () (null (fw-diagnostics))))
      (fw-ok (format "typing %S fixes it" (plist-get fix :text))))

    ;; Restart (M-x eglot-reconnect): a new server that answers.
    (eglot-reconnect server)
    (fw-wait "a new server" (lambda () (and (eglot-current-server) (not (eq (eglot-current-server) server)))))
    (let ((new (eglot-current-server)))
      (unless (> (length (jsonrpc-request new :textDocument/documentSymbol
                                          (list :textDocument (eglot--TextDocumentIdentifier))))
                 0)
        (error "The restarted server answers no outline"))
      (fw-ok "restart (eglot-reconnect)")

      ;; M-x eglot-shutdown ends the server (Emacs 28's jsonrpc deletes the
      ;; process right after sending exit, so its exit status says nothing).
      (let ((proc (jsonrpc--process new)))
        (eglot-shutdown new)
        (fw-wait "the server process to end" (lambda () (not (process-live-p proc))))
        (when (eglot-current-server) (error "A server still manages the buffer"))
        (fw-ok "shutdown")))))

(condition-case err
    (progn (fw-run) (princ "PASS\n") (kill-emacs 0))
  (error (princ (format "FAIL: %s\n" (error-message-string err))) (kill-emacs 1)))
