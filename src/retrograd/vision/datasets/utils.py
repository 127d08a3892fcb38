"""Downloading and unpacking data sets: torchvision's helpers (`download_url`,
`check_integrity`, `extract_archive`, `download_and_extract_archive`, ...).

A download is written to `<file>.part` first and renamed when complete, so an interrupted
one resumes where it stopped (an HTTP Range request) the next time; the file's MD5 is
checked before it is used. The progress bar is tqdm's when tqdm is installed, a one-line
counter on stderr otherwise.
"""
import bz2
import gzip
import hashlib
import lzma
import os
import sys
import tarfile
import urllib.error
import urllib.request
import zipfile

USER_AGENT = "pytorch/vision"
CHUNK = 1024 * 32


def calculate_md5(fpath, chunk_size=1024 * 1024):
    md5 = hashlib.md5(usedforsecurity=False) if sys.version_info >= (3, 9) else hashlib.md5()
    with open(fpath, "rb") as f:
        while chunk := f.read(chunk_size):
            md5.update(chunk)
    return md5.hexdigest()


def check_md5(fpath, md5, **kwargs):
    return md5 == calculate_md5(fpath, **kwargs)


def check_integrity(fpath, md5=None):
    """The file exists and, when `md5` is given, has that checksum."""
    if not os.path.isfile(fpath):
        return False
    if md5 is None:
        return True
    return check_md5(fpath, md5)


class _Progress:
    """tqdm's bar when tqdm is installed; otherwise a counter rewritten on one stderr line."""

    def __init__(self, total, initial):
        try:
            from tqdm import tqdm
        except ImportError:
            self.bar = None
        else:
            self.bar = tqdm(total=total, initial=initial, unit="B", unit_scale=True)
        self.total, self.done = total, initial

    def update(self, n):
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        else:
            of = f" of {self.total}" if self.total else ""
            sys.stderr.write(f"\r{self.done}{of} bytes")

    def close(self):
        if self.bar is not None:
            self.bar.close()
        else:
            sys.stderr.write("\n")


def _urlretrieve(url, filename, chunk_size=CHUNK):
    """Fetch `url` into `filename`, resuming from `filename.part` when the server allows."""
    partial = filename + ".part"
    have = os.path.getsize(partial) if os.path.isfile(partial) else 0
    headers = {"User-Agent": USER_AGENT}
    if have:
        headers["Range"] = f"bytes={have}-"
    try:
        response = urllib.request.urlopen(urllib.request.Request(url, headers=headers))
    except urllib.error.HTTPError as error:
        if error.code != 416 or not have:    # 416: nothing left past what we have
            raise
        os.replace(partial, filename)
        return
    with response:
        resumed = have and response.status == 206
        if not resumed:
            have = 0     # the server sent the whole file: start again
        length = response.length
        progress = _Progress(None if length is None else have + length, have)
        try:
            with open(partial, "ab" if resumed else "wb") as fh:
                while chunk := response.read(chunk_size):
                    fh.write(chunk)
                    progress.update(len(chunk))
        finally:
            progress.close()
    os.replace(partial, filename)


def download_url(url, root, filename=None, md5=None, max_redirect_hops=3):
    """Download `url` into `root/filename` unless a file with the right MD5 is there."""
    root = os.path.expanduser(root)
    if not filename:
        filename = os.path.basename(url)
    fpath = os.fspath(os.path.join(root, filename))
    os.makedirs(root, exist_ok=True)
    if check_integrity(fpath, md5):
        return
    try:
        _urlretrieve(url, fpath)
    except (urllib.error.URLError, OSError) as error:
        if url[:5] != "https":
            raise _by_hand(error, url, fpath) from error
        url = url.replace("https:", "http:")
        try:
            _urlretrieve(url, fpath)
        except (urllib.error.URLError, OSError) as error2:
            raise _by_hand(error2, url, fpath) from error2
    if not check_integrity(fpath, md5):
        os.remove(fpath)      # a wrong file must not pass as downloaded next time
        raise RuntimeError("File not found or corrupted.")


def _by_hand(error, url, fpath):
    """The download error, with a line that says where to put the file by hand."""
    hint = f"Download {url} by hand and put it at {fpath}"
    if isinstance(error, urllib.error.HTTPError):
        return error
    if isinstance(error, urllib.error.URLError):
        return urllib.error.URLError(f"{error.reason}\n{hint}")
    return type(error)(f"{error}\n{hint}")


# ---------------------------------------------------------------------------------------
# Archives

_COMPRESSED = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_ARCHIVES = {".tar": "r:", ".tgz": "r:gz", ".tbz": "r:bz2", ".tbz2": "r:bz2", ".txz": "r:xz"}


def _detect(path):
    """(archive suffix or None, compression suffix or None) of a file name."""
    suffixes = [s.lower() for s in os.path.splitext(os.path.basename(path))[1:]]
    name = os.path.basename(path).lower()
    for suffix in (".tar.gz", ".tar.bz2", ".tar.xz"):
        if name.endswith(suffix):
            return ".tar", suffix[4:]
    for suffix in list(_ARCHIVES) + [".zip"]:
        if name.endswith(suffix):
            return suffix, None
    for suffix in _COMPRESSED:
        if name.endswith(suffix):
            return None, suffix
    raise RuntimeError(f"File '{path}' is not an archive or compressed file "
                       f"(suffixes {suffixes}); supported are .tar, .tar.gz, .tgz, .zip, "
                       ".gz, .bz2 and .xz.")


def _safe_members(tar, to_path):
    """Tar members that stay inside `to_path`: no absolute paths, `..`, links or devices."""
    root = os.path.realpath(to_path)
    for member in tar.getmembers():
        target = os.path.realpath(os.path.join(root, member.name))
        if os.path.commonpath([root, target]) != root:
            raise RuntimeError(f"refusing to extract {member.name!r}: outside {to_path}")
        if not (member.isfile() or member.isdir()):
            raise RuntimeError(f"refusing to extract {member.name!r}: not a file or folder")
        yield member


def extract_archive(from_path, to_path=None, remove_finished=False):
    """Unpack a .tar(.gz/.bz2/.xz)/.tgz/.zip into `to_path`, or decompress a .gz/.bz2/.xz
    next to itself; returns the folder (or the decompressed file)."""
    if to_path is None:
        to_path = os.path.dirname(from_path)
    archive, compression = _detect(from_path)
    if archive is None:
        out = os.path.join(to_path, os.path.basename(from_path)[:-len(compression)])
        with _COMPRESSED[compression](from_path, "rb") as src, open(out, "wb") as dst:
            while chunk := src.read(1024 * 1024):
                dst.write(chunk)
    elif archive == ".zip":
        with zipfile.ZipFile(from_path) as zf:
            root = os.path.realpath(to_path)
            for name in zf.namelist():
                target = os.path.realpath(os.path.join(root, name))
                if os.path.commonpath([root, target]) != root:
                    raise RuntimeError(f"refusing to extract {name!r}: outside {to_path}")
            zf.extractall(to_path)
        out = to_path
    else:
        mode = _ARCHIVES.get(archive, "r:")
        if compression:
            mode = "r:" + compression[1:]
        with tarfile.open(from_path, mode) as tar:
            tar.extractall(to_path, members=list(_safe_members(tar, to_path)))
        out = to_path
    if remove_finished:
        os.remove(from_path)
    return out


def download_and_extract_archive(url, download_root, extract_root=None, filename=None,
                                 md5=None, remove_finished=False):
    download_root = os.path.expanduser(download_root)
    if extract_root is None:
        extract_root = download_root
    if not filename:
        filename = os.path.basename(url)
    download_url(url, download_root, filename, md5)
    archive = os.path.join(download_root, filename)
    extract_archive(archive, extract_root, remove_finished)
