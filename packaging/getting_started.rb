# Reads docs/getting-started.md the way a reader copies from it: every fenced block whose first line
# is a comment naming a path (`# app/models/board.rb`, `<!-- app/frontend/pages/boards/show.svelte -->`,
# `// app/frontend/...`) is that file's content; the `bin/rails generate model` lines of its shell
# blocks are the commands to run.
class GettingStarted
  BLOCK = /^```(\w+)\n(.*?)^```$/m
  PATH_COMMENT = %r{\A(?:#|//|<!--)\s*([\w./-]+\.\w+)\s*(?:-->)?\s*\n}

  def initialize(markdown)
    @blocks = markdown.scan(BLOCK)
  end

  # { "app/models/board.rb" => "class Board ...", ... } in the guide's order.
  def files
    @blocks.each_with_object({}) do |(_language, code), files|
      next unless (match = code.match(PATH_COMMENT))

      files[match[1]] = code.delete_prefix(match[0])
    end
  end

  def generator_commands
    @blocks.select { |language, _| language == "sh" }.flat_map { |_, code| code.lines.map(&:strip).grep(/\Abin\/rails generate model /) }
  end
end
