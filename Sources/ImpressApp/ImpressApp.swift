public enum ImpressApp {
    public static func main() {}
}
