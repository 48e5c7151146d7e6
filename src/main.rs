fn main() -> std::process::ExitCode {
    vtelink::cli::main()
}
