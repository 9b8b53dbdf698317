;;; flakewise.el --- Use the flakewise Nix language server through eglot  -*- lexical-binding: t -*-

;; Works with Emacs 29 and later (eglot is built in) and with Emacs 28 and
;; the eglot package (Debian: apt-get install elpa-eglot; elsewhere
;; M-x package-install RET eglot).
;;
;;   (add-to-list 'load-path "/path/to/flakewise/editors/emacs")
;;   (require 'flakewise)
;;   (setq flakewise-command '("flakewise"))          ; or an absolute path
;;   (setq flakewise-settings '(:diagnostics (:disabled ["invalid-utf8"])))
;;   (add-hook 'nix-mode-hook #'eglot-ensure)         ; `flakewise-nix-mode-hook' without nix-mode
;;
;; What it does:
;; - registers flakewise with eglot for `nix-mode', `nix-ts-mode' and, when
;;   neither is installed, a small `flakewise-nix-mode' for *.nix files
;;   (comments, strings, brackets);
;; - makes the project root of a Nix file the nearest directory with a
;;   flake.nix, else what project.el finds (the version-control root);
;; - sends `flakewise-settings' as initializationOptions and, under the
;;   "flakewise" section of `eglot-workspace-configuration', with
;;   workspace/didChangeConfiguration; `flakewise-update-settings' changes
;;   them in running servers without a restart.

;;; Code:

(require 'eglot)
(require 'project)
(require 'cl-lib)

(defgroup flakewise nil
  "The flakewise language server for Nix."
  :group 'eglot
  :prefix "flakewise-")

(defcustom flakewise-command '("flakewise")
  "The command that starts the server: a program and its arguments."
  :type '(repeat string))

(defcustom flakewise-settings '(:diagnostics (:disabled []))
  "Settings for the server, a plist that becomes JSON.
Example: (:diagnostics (:disabled [\"invalid-utf8\"] :delayMs 150)).
Arrays are vectors."
  :type 'sexp)

(defcustom flakewise-modes '(nix-mode nix-ts-mode flakewise-nix-mode)
  "Major modes whose buffers flakewise serves."
  :type '(repeat symbol))

(defconst flakewise-readme
  (let ((readme (and load-file-name
                     (expand-file-name "../../README.md" (file-name-directory load-file-name)))))
    (if (and readme (file-readable-p readme))
        (format "%s (section \"Emacs\")" readme)
      "the flakewise README (section \"Emacs\")"))
  "Where the set-up instructions are.")

;;;; A minimal major mode, used only when no Nix mode is installed.

(defvar flakewise-nix-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "< b" table)
    (modify-syntax-entry ?\n "> b" table)
    (modify-syntax-entry ?/ ". 14" table)
    (modify-syntax-entry ?* ". 23" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?' "w" table)
    (modify-syntax-entry ?- "_" table)
    (modify-syntax-entry ?_ "_" table)
    table)
  "Syntax table of `flakewise-nix-mode'.")

(define-derived-mode flakewise-nix-mode prog-mode "Nix"
  "A minimal mode for Nix files, for use with flakewise when nix-mode is absent."
  :syntax-table flakewise-nix-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-end "")
  (setq-local comment-start-skip "\\(?:#+\\|/\\*+\\)\\s-*")
  (setq-local indent-tabs-mode nil)
  (setq-local tab-width 2))

(unless (fboundp 'nix-mode)
  (add-to-list 'auto-mode-alist '("\\.nix\\'" . flakewise-nix-mode)))

;;;; Project root: the nearest flake.nix.

(defun flakewise--project (dir)
  "The flake project of DIR, for buffers of `flakewise-modes'."
  (when (apply #'derived-mode-p flakewise-modes)
    (let ((root (locate-dominating-file dir "flake.nix")))
      (and root (cons 'flakewise (file-name-as-directory (expand-file-name root)))))))

(cl-defmethod project-root ((project (head flakewise)))
  (cdr project))

(add-hook 'project-find-functions #'flakewise--project)

;;;; The server.

(defun flakewise--missing-message (program)
  (format "flakewise: the language server `%s' was not found or is not executable; install flakewise on your PATH or set `flakewise-command'.  See %s"
          program flakewise-readme))

(defun flakewise--contact (&optional _interactive)
  "The eglot contact for flakewise; signals a clear error without a server."
  (let ((program (car flakewise-command)))
    (unless (and program (executable-find program))
      (user-error "%s" (flakewise--missing-message program)))
    (append flakewise-command
            (and flakewise-settings (list :initializationOptions flakewise-settings)))))

(add-to-list 'eglot-server-programs (cons flakewise-modes #'flakewise--contact))

(defun flakewise--install-settings ()
  "Put `flakewise-settings' under :flakewise in `eglot-workspace-configuration'."
  (let ((conf (copy-sequence (default-value 'eglot-workspace-configuration))))
    (when (functionp conf) (setq conf nil))
    (setq-default eglot-workspace-configuration
                  (plist-put conf :flakewise flakewise-settings))))

(flakewise--install-settings)

(defun flakewise--servers ()
  "The running eglot servers for flakewise buffers."
  (let (servers)
    (maphash (lambda (_project list)
               (dolist (s list)
                 (when (cl-intersection (eglot--major-modes s) flakewise-modes)
                   (push s servers))))
             eglot--servers-by-project)
    servers))

(defun flakewise-update-settings (settings)
  "Use SETTINGS (a plist, see `flakewise-settings') from now on.
Running servers get them at once through workspace/didChangeConfiguration."
  (interactive (list (read (read-string "flakewise settings: "
                                        (prin1-to-string flakewise-settings)))))
  (setq flakewise-settings settings)
  (flakewise--install-settings)
  (dolist (server (flakewise--servers))
    (let ((buffer (car (eglot--managed-buffers server))))
      (if buffer
          (with-current-buffer buffer (eglot-signal-didChangeConfiguration server))
        (eglot-signal-didChangeConfiguration server)))))

(provide 'flakewise)
;;; flakewise.el ends here
