/// The one place vipctl's version lives (User-Agent, `--version`).
public enum VipctlVersion {
    public static let string = "0.1.0"
    public static var userAgent: String { "vipctl/\(string)" }
}
