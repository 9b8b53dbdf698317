/* Preloaded (LD_PRELOAD) into the flakewise binary by the sandbox tests:
   every libc entry point that starts a process reports itself on stderr
   and ends the process with exit code 99, so that a test sees any attempt
   by the evaluator to run a program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void spawned(const char* how) {
  static const char msg[] = "no_spawn: process start attempted: ";
  (void)!write(2, msg, sizeof msg - 1);
  (void)!write(2, how, strlen(how));
  (void)!write(2, "\n", 1);
  _exit(99);
}

int execve(const char* p, char* const a[], char* const e[]) { (void)p; (void)a; (void)e; spawned("execve"); return -1; }
int execv(const char* p, char* const a[]) { (void)p; (void)a; spawned("execv"); return -1; }
int execvp(const char* p, char* const a[]) { (void)p; (void)a; spawned("execvp"); return -1; }
int execvpe(const char* p, char* const a[], char* const e[]) { (void)p; (void)a; (void)e; spawned("execvpe"); return -1; }
int execl(const char* p, const char* a, ...) { (void)p; (void)a; spawned("execl"); return -1; }
int execlp(const char* p, const char* a, ...) { (void)p; (void)a; spawned("execlp"); return -1; }
pid_t fork(void) { spawned("fork"); return -1; }
pid_t vfork(void) { spawned("vfork"); return -1; }
int system(const char* c) { (void)c; spawned("system"); return -1; }
FILE* popen(const char* c, const char* m) { (void)c; (void)m; spawned("popen"); return NULL; }
int posix_spawn(pid_t* pid, const char* p, const void* fa, const void* at, char* const a[], char* const e[]) {
  (void)pid; (void)p; (void)fa; (void)at; (void)a; (void)e; spawned("posix_spawn"); return -1;
}
int posix_spawnp(pid_t* pid, const char* p, const void* fa, const void* at, char* const a[], char* const e[]) {
  (void)pid; (void)p; (void)fa; (void)at; (void)a; (void)e; spawned("posix_spawnp"); return -1;
}
