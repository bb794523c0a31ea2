// Namespaces used throughout the CLI.
global using Plasmite.Text;
