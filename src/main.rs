//! The `attest` binary: see [`attest::cli`].

fn main() -> std::process::ExitCode {
    attest::cli::main()
}
