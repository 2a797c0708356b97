// `ws tree` rendering, in the layout of xlab/treeprint that kcp's plugin prints.
export interface TreeNode {
  label: string;
  children: TreeNode[];
}

export function renderTree(root: TreeNode): string {
  const lines = ['.'];
  const walk = (node: TreeNode, prefix: string, last: boolean) => {
    lines.push(`${prefix}${last ? '└── ' : '├── '}${node.label}`);
    const childPrefix = prefix + (last ? '    ' : '│   ');
    node.children.forEach((c, i) => walk(c, childPrefix, i === node.children.length - 1));
  };
  walk(root, '', true);
  return `${lines.join('\n')}\n`;
}
