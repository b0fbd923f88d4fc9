#if canImport(Glibc)
import Glibc
#endif
import Foundation

extension Double {
    /// The number with `places` decimals, a sign always where `sign` (`0.93`, `+1.50`): what
    /// `String(format: "%.2f")` and `"%+.2f"` write, from C's formatter (Foundation hands these formats
    /// to it) without Foundation's format parsing, which cost some ten thousand instructions a number
    /// in every link's rule and every explanation.
    public func decimals(_ places: Int, sign: Bool = false) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> String in
            let written = withVaList([Int32(places), self]) { vsnprintf(buffer.baseAddress!, 64, sign ? "%+.*f" : "%.*f", $0) }
            guard written >= 0, written < 64 else { return String(format: sign ? "%+.*f" : "%.*f", Int32(places), self) }
            return String(cString: buffer.baseAddress!)
        }
    }
}
