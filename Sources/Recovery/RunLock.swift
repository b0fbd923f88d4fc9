import Foundation
import Glibc

/// One run at a time on an output folder: `lacuna run` holds an exclusive lock on
/// `<out>/.lacuna.lock` for its whole length. A second run on the same folder says that another run
/// is in progress and waits for it, then finds the first run's imports done.
final class RunLock {
    private let descriptor: Int32

    /// Takes the lock, calling `waiting` once if another run holds it, then waiting for it.
    init(folder: URL, waiting: () -> Void) throws {
        let path = folder.appendingPathComponent(".lacuna.lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw RunError(description: "\(folder.path)/.lacuna.lock: cannot open the run lock (\(String(cString: strerror(errno)))); check the output folder's permissions")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                close(descriptor)
                throw RunError(description: "\(folder.path)/.lacuna.lock: cannot lock (\(String(cString: strerror(errno))))")
            }
            waiting()
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(descriptor)
                    throw RunError(description: "\(folder.path)/.lacuna.lock: cannot lock (\(String(cString: strerror(errno))))")
                }
            }
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
