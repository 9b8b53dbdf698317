// Indexing progress from the server ($/progress with WorkDoneProgress
// values), shown in one status bar item. Pure: the status bar is reached
// through the `render` callback.

export interface ProgressValue {
  kind: 'begin' | 'report' | 'end';
  title?: string;
  message?: string;
  percentage?: number;
}

interface Task {
  title: string;
  message?: string;
  percentage?: number;
}

/** What the status bar item shows; undefined hides it. */
export interface StatusView {
  text: string;
  tooltip: string;
}

/**
 * The progress tasks the server has going, by token, in the order they
 * began. Invariant: a token is in `tasks` from its 'begin' to its 'end'.
 */
export class ProgressTracker {
  private readonly tasks = new Map<string, Task>();

  update(token: string | number, value: ProgressValue): void {
    const key = String(token);
    switch (value.kind) {
      case 'begin':
        this.tasks.set(key, { title: value.title ?? 'Working', message: value.message, percentage: value.percentage });
        break;
      case 'report': {
        const task = this.tasks.get(key);
        if (!task) return; // a report without begin (or after end) is ignored
        if (value.message !== undefined) task.message = value.message;
        if (value.percentage !== undefined) task.percentage = value.percentage;
        break;
      }
      case 'end':
        this.tasks.delete(key);
        break;
    }
  }

  /** Forgets every task (the server stopped). */
  clear(): void {
    this.tasks.clear();
  }

  get active(): number {
    return this.tasks.size;
  }

  /** The status bar view: the oldest task, and how many more there are. */
  view(): StatusView | undefined {
    const first = this.tasks.values().next();
    if (first.done) return undefined;
    const task = first.value;
    const pct = task.percentage === undefined ? '' : ` ${Math.round(Math.max(0, Math.min(100, task.percentage)))}%`;
    const more = this.tasks.size > 1 ? ` (+${this.tasks.size - 1})` : '';
    const lines = [...this.tasks.values()].map(
      (t) => `${t.title}${t.percentage === undefined ? '' : ` ${Math.round(t.percentage)}%`}${t.message ? `: ${t.message}` : ''}`,
    );
    return {
      text: `$(sync~spin) flakewise: ${task.title}${pct}${more}`,
      tooltip: lines.join('\n'),
    };
  }
}

/**
 * The languageclient middleware hook for work-done progress: every value
 * goes to the tracker and the status bar. The client's own window progress
 * is not shown (it would duplicate the item); its handler still gets 'end'
 * so that it can let go of the token.
 */
export function progressMiddleware(tracker: ProgressTracker, render: (view: StatusView | undefined) => void) {
  return <V extends ProgressValue>(
    token: string | number,
    params: V,
    next: (token: string | number, params: V) => void,
  ): void => {
    tracker.update(token, params);
    render(tracker.view());
    if (params.kind === 'end') next(token, params);
  };
}
