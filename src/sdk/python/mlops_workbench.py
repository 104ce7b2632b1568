"""Logging helper for training scripts run by MLOps Workbench.

Usage (the launcher puts this folder on PYTHONPATH)::

    import mlops_workbench as mw
    mw.log_params({"lr": 0.05, "epochs": 30})
    for epoch in range(30):
        mw.log_metrics({"train/loss": loss, "val/acc": acc}, step=epoch)
    mw.log_artifact("model.json")
    mw.register_model("churn", "model.json")  # a new version once the run succeeds

Each call appends one JSON line to the file named by MLOPS_EVENTS_FILE; the
launcher tails that file and ingests it, so this module never touches the
database. Lines are buffered in memory and written every tenth of a second,
on flush() and at interpreter exit. On a full disk they wait in memory and
are written once space returns, each exactly once; what is still unwritten at
exit is reported on stderr. Outside a run (MLOPS_EVENTS_FILE unset)
every call does nothing after a single warning on stderr.

Standard library only; compatible with Python 3.8+.
"""

import atexit
import json
import math
import numbers
import operator
import os
import sys
import threading
import time

__all__ = [
    "log_metric",
    "log_metrics",
    "log_param",
    "log_params",
    "set_tag",
    "log_artifact",
    "register_model",
    "flush",
    "active_run_id",
]

# A line waits here half this on average before the launcher can see it, and a
# live chart draws it soon after: 0.1 s keeps that wait well under the second
# the Metrics panel aims for. It costs one small append a tenth of a second while
# the script logs (an idle wake-up finds the buffer empty and writes nothing);
# tight loops still flush early by size (below).
_FLUSH_INTERVAL_S = 0.1
# Bound memory for scripts that log in tight loops: flush early past this size.
_MAX_BUFFER_BYTES = 1 << 20

_OUTSIDE_RUN_WARNING = (
    "mlops_workbench: not inside an MLOps run (MLOPS_EVENTS_FILE is not set); "
    "logging calls do nothing"
)


def _warn(message):
    # Never let a broken stderr (closed pipe, interpreter shutdown) break training.
    try:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    except Exception:
        pass


def _check_key(key, what):
    if not isinstance(key, str):
        raise TypeError(
            "mlops_workbench: %s key must be a str, got %s" % (what, type(key).__name__)
        )
    if not key:
        raise ValueError("mlops_workbench: %s key must be a non-empty string" % what)
    return key


def _is_bool_like(value):
    # bool is an int subclass and numpy bools convert to float silently; a
    # True/False metric is almost always a bug, so refuse both.
    if isinstance(value, bool):
        return True
    dtype = getattr(value, "dtype", None)
    return getattr(dtype, "kind", None) == "b"


def _metric_value(key, value):
    if _is_bool_like(value) or isinstance(value, (str, bytes, bytearray)):
        raise TypeError(
            "mlops_workbench: metric %r must be a real number, got %s"
            % (key, type(value).__name__)
        )
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        raise TypeError("mlops_workbench: metric %r must be a real number, got complex" % key)
    try:
        # float() also accepts numpy scalars, Decimal, Fraction, 0-d tensors.
        number = float(value)
    except OverflowError:
        raise ValueError("mlops_workbench: metric %r value is too large for a float" % key)
    except (TypeError, ValueError):
        raise TypeError(
            "mlops_workbench: metric %r must be a real number, got %s"
            % (key, type(value).__name__)
        )
    return _json_float(number)


def _json_float(number):
    # JSON has no NaN/Infinity; the ingester maps these strings back.
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return number


def _step_value(step):
    if isinstance(step, bool):
        raise TypeError("mlops_workbench: step must be an int, got bool")
    try:
        return operator.index(step)  # ints and numpy integers, not 3.0
    except TypeError:
        raise TypeError("mlops_workbench: step must be an int, got %s" % type(step).__name__)


def _timestamp_value(timestamp):
    if timestamp is None:
        return int(time.time() * 1000)
    if _is_bool_like(timestamp) or not isinstance(timestamp, numbers.Real):
        raise TypeError(
            "mlops_workbench: timestamp must be a number of milliseconds since the epoch, got %s"
            % type(timestamp).__name__
        )
    if not math.isfinite(float(timestamp)):
        raise ValueError("mlops_workbench: timestamp must be finite")
    return int(round(timestamp))


def _scalar_value(value):
    # numpy scalars would otherwise become strings ("5"); unwrap them to the
    # equivalent Python scalar first.
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0:
        try:
            value = value.item()
        except Exception:
            pass
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return _json_float(float(value))
    return str(value)


def _dumps(record):
    # allow_nan=False: every line must be strict JSON; ASCII-only output keeps
    # the encoding trivially safe (lone surrogates are escaped, not rejected).
    return json.dumps(record, separators=(",", ":"), allow_nan=False)


class _EventLog(object):
    def __init__(self):
        self._configured = False
        self._events_file = None
        self._run_id = None
        self._workspace = None
        self._warned_outside = False
        self._warned_missing = set()
        self._warned_write = False
        self._reset_process_state()

    def _reset_process_state(self):
        # Called at construction and in a forked child: the child must start
        # with an empty buffer (the parent flushes its own lines), fresh locks
        # (another thread may have held them at fork time) and no timer
        # thread (threads do not survive fork).
        self._pid = os.getpid()
        self._lock = threading.Lock()  # guards _buffer, _buffer_bytes, _steps
        self._write_lock = threading.Lock()  # keeps flushes in order
        self._buffer = []
        self._buffer_bytes = 0
        # Bytes of a flush that did not reach the file (a full disk): always
        # written first, so a line cut short is completed, never restarted.
        self._unwritten = b""
        self._thread = None
        if not hasattr(self, "_steps"):
            self._steps = {}

    def _configure(self):
        if self._configured:
            return
        self._configured = True
        self._events_file = os.environ.get("MLOPS_EVENTS_FILE") or None
        self._run_id = os.environ.get("MLOPS_RUN_ID") or None
        self._workspace = os.environ.get("MLOPS_WORKSPACE") or None

    def active(self, warn=True):
        """True when inside a run; prints the outside-a-run warning once."""
        self._configure()
        if self._events_file is None:
            if warn and not self._warned_outside:
                self._warned_outside = True
                _warn(_OUTSIDE_RUN_WARNING)
            return False
        if os.getpid() != self._pid:
            # Fork without os.register_at_fork hooks (e.g. a C extension
            # calling fork()): drop the parent's lines rather than double them.
            self._reset_process_state()
        return True

    def run_id(self):
        self._configure()
        return self._run_id if self._events_file is not None else None

    def next_step(self, key, step):
        """Returns the step to record; caller holds self._lock."""
        if step is None:
            step = self._steps.get(key, 0)
        self._steps[key] = step + 1
        return step

    def emit(self, records_fn):
        """records_fn(self) -> list of dicts; called under the lock so step
        counters and buffer order agree across threads."""
        with self._lock:
            lines = [_dumps(r) + "\n" for r in records_fn(self)]
            self._buffer.extend(lines)
            self._buffer_bytes += sum(len(line) for line in lines)
            full = self._buffer_bytes >= _MAX_BUFFER_BYTES
            start_timer = self._thread is None
            if start_timer:
                self._thread = threading.Thread(
                    target=self._timer_loop, name="mlops_workbench-flush", daemon=True
                )
        if start_timer:
            self._thread.start()
            self._register_multiprocessing_finalizer()
        if full:
            self.flush()

    def _register_multiprocessing_finalizer(self):
        # multiprocessing children (fork/forkserver) leave through os._exit,
        # which skips atexit; its own exit hook does run, so register there too.
        # Only when multiprocessing is already in use: never import it ourselves.
        util = sys.modules.get("multiprocessing.util")
        if util is None:
            return
        try:
            util.Finalize(None, self.flush, exitpriority=100)
        except Exception:
            pass

    def _timer_loop(self):
        while True:
            time.sleep(_FLUSH_INTERVAL_S)
            try:
                self.flush()
            except Exception:
                pass  # flush() already reports write errors; keep the timer alive

    def flush(self):
        if self._events_file is None:
            return
        if os.getpid() != self._pid:
            self._reset_process_state()
            return
        with self._write_lock:
            with self._lock:
                if not self._buffer and not self._unwritten:
                    return
                data = self._unwritten + "".join(self._buffer).encode("utf-8")
                self._buffer = []
                self._buffer_bytes = 0
            written = self._append(data)
            # Only what did not reach the file is kept (the lock on writes keeps
            # it ahead of lines logged meanwhile): rewriting the whole buffer
            # after a short write would double the lines already on disk.
            self._unwritten = data[written:]

    def unwritten_lines(self):
        """How many events are still waiting for space (a cut line counts)."""
        return self._unwritten.count(b"\n")

    def _append(self, data):
        """Appends data to the events file; returns how many bytes reached it.

        One O_APPEND write of whole lines: the kernel appends it atomically
        with respect to other appenders, so concurrent processes never
        interleave partial lines. A write falls short only when the disk is
        full; the ingester reads complete lines only, so the cut line waits at
        the end of the file until flush() appends its rest. A full disk or a
        vanished directory must not kill training: the error is reported once
        and the next flush tries again.
        """
        written = 0
        try:
            fd = os.open(self._events_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                view = memoryview(data)
                while written < len(data):
                    n = os.write(fd, view[written:])
                    if n <= 0:
                        break
                    written += n
            finally:
                os.close(fd)
        except OSError as exc:
            if not self._warned_write:
                self._warned_write = True
                _warn(
                    "mlops_workbench: cannot write %s (%s); will keep retrying"
                    % (self._events_file, exc)
                )
        return written

    def artifact_path(self, path):
        if not isinstance(path, (str, bytes)) and not hasattr(path, "__fspath__"):
            raise TypeError(
                "mlops_workbench: artifact path must be a str or os.PathLike, got %s"
                % type(path).__name__
            )
        path = os.fsdecode(os.fspath(path))
        if not path:
            raise ValueError("mlops_workbench: artifact path must be a non-empty string")
        absolute = os.path.abspath(path)
        if absolute not in self._warned_missing and not os.path.exists(absolute):
            self._warned_missing.add(absolute)
            _warn(
                "mlops_workbench: artifact %s does not exist yet; recording it anyway" % path
            )
        return self._relative_to_workspace(absolute)

    def _relative_to_workspace(self, absolute):
        if self._workspace:
            workspace = os.path.abspath(self._workspace)
            # Try the literal paths first, then with symlinks resolved (e.g.
            # /tmp -> /private/tmp on macOS).
            for ws, p in ((workspace, absolute),
                          (os.path.realpath(workspace), os.path.realpath(absolute))):
                try:
                    inside = os.path.commonpath([ws, p]) == ws
                except ValueError:  # different drives on Windows
                    inside = False
                if inside:
                    rel = os.path.relpath(p, ws)
                    # Forward slashes so the store reads the same on every OS.
                    return rel.replace(os.sep, "/")
        return absolute


_log = _EventLog()


def _after_fork_in_child():
    _log._reset_process_state()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


@atexit.register
def _flush_at_exit():
    _log.flush()
    lost = _log.unwritten_lines()
    if lost:
        _warn(
            "mlops_workbench: %d logged event(s) could not be written to %s before exit "
            "(the disk is full?); they are not recorded" % (lost, _log._events_file)
        )


def log_metric(key, value, step=None, timestamp=None):
    """Records one value of metric `key`. step defaults to the previous step
    for this key + 1 (0 the first time); timestamp is epoch milliseconds."""
    if not _log.active():
        return
    _check_key(key, "metric")
    value = _metric_value(key, value)
    step = None if step is None else _step_value(step)
    ts = _timestamp_value(timestamp)

    def records(log):
        return [{"type": "metric", "key": key, "value": value,
                 "step": log.next_step(key, step), "timestamp": ts}]

    _log.emit(records)


def log_metrics(metrics, step=None, timestamp=None):
    """Records several metrics at once, sharing step (if given) and timestamp."""
    if not _log.active():
        return
    if not hasattr(metrics, "items"):
        raise TypeError(
            "mlops_workbench: log_metrics expects a dict, got %s" % type(metrics).__name__
        )
    # Validate everything before recording anything, so a bad entry does not
    # leave half of the batch logged.
    values = [(_check_key(k, "metric"), _metric_value(k, v)) for k, v in metrics.items()]
    step = None if step is None else _step_value(step)
    ts = _timestamp_value(timestamp)

    def records(log):
        return [{"type": "metric", "key": k, "value": v,
                 "step": log.next_step(k, step), "timestamp": ts} for k, v in values]

    _log.emit(records)


def log_param(key, value):
    """Records a parameter. JSON scalars are kept; anything else becomes str(value)."""
    if not _log.active():
        return
    record = {"type": "param", "key": _check_key(key, "param"), "value": _scalar_value(value)}
    _log.emit(lambda log: [record])


def log_params(params):
    """Records every item of a dict as a parameter."""
    if not _log.active():
        return
    if not hasattr(params, "items"):
        raise TypeError(
            "mlops_workbench: log_params expects a dict, got %s" % type(params).__name__
        )
    batch = [{"type": "param", "key": _check_key(k, "param"), "value": _scalar_value(v)}
             for k, v in params.items()]
    _log.emit(lambda log: batch)


def set_tag(key, value):
    """Sets a tag on the run. JSON scalars are kept; anything else becomes str(value)."""
    if not _log.active():
        return
    record = {"type": "tag", "key": _check_key(key, "tag"), "value": _scalar_value(value)}
    _log.emit(lambda log: [record])


def log_artifact(path):
    """Records a file or directory produced by the run. Relative paths are
    relative to the current directory; the path is stored relative to the
    workspace when it lies inside it, else absolute. A path that does not
    exist yet is still recorded (with a warning), since it may be written later."""
    if not _log.active():
        return
    record = {"type": "artifact", "path": _log.artifact_path(path)}
    _log.emit(lambda log: [record])


def register_model(name, path, description=None, tags=None):
    """Registers the file or directory at `path` as a new version of model
    `name` once the run finishes with exit code 0 (the model is created if
    needed). The path is stored as an artifact, like log_artifact; the version
    gets the run's metrics, `description` and `tags` (a dict of str to str).
    Nothing is registered when the run fails; a registration that cannot be
    made is reported in the run's output and leaves the run finished."""
    if not _log.active():
        return
    if not isinstance(name, str):
        raise TypeError("mlops_workbench: model name must be a str, got %s" % type(name).__name__)
    if not name:
        raise ValueError("mlops_workbench: model name must be a non-empty string")
    if description is not None and not isinstance(description, str):
        raise TypeError(
            "mlops_workbench: description must be a str, got %s" % type(description).__name__
        )
    if tags is None:
        tags = {}
    if not hasattr(tags, "items"):
        raise TypeError("mlops_workbench: tags must be a dict, got %s" % type(tags).__name__)
    tag_values = {}
    for k, v in tags.items():
        tag_values[_check_key(k, "tag")] = v if isinstance(v, str) else str(_scalar_value(v))
    record = {"type": "register", "model": name, "path": _log.artifact_path(path)}
    if description is not None:
        record["description"] = description
    if tag_values:
        record["tags"] = tag_values
    _log.emit(lambda log: [record])


def flush():
    """Writes buffered lines now (they are also written every second and at exit)."""
    if not _log.active():
        return
    _log.flush()


def active_run_id():
    """The current run's id, or None outside a run."""
    return _log.run_id()
