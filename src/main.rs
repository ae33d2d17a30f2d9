//! The `orewatch` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    orewatch::cli::main()
}
