/** Small inline icons: decorative (aria-hidden); the button around each carries the name. */

interface IconProps {
  className?: string;
}

function Icon({ children, className }: IconProps & { children: React.ReactNode }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 24 24"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const PlayIcon = (props: IconProps) => (
  <Icon {...props}>
    <path
      fill="currentColor"
      d="M8 5.5v13a1 1 0 0 0 1.5.86l10.5-6.5a1 1 0 0 0 0-1.72L9.5 4.64A1 1 0 0 0 8 5.5z"
    />
  </Icon>
);

export const PauseIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect fill="currentColor" x="6" y="5" width="4" height="14" rx="1" />
    <rect fill="currentColor" x="14" y="5" width="4" height="14" rx="1" />
  </Icon>
);

export const PreviousIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect fill="currentColor" x="5" y="5" width="2.5" height="14" rx="1" />
    <path
      fill="currentColor"
      d="M19 6.2v11.6a1 1 0 0 1-1.5.86L9 13a1.15 1.15 0 0 1 0-2l8.5-5.66A1 1 0 0 1 19 6.2z"
    />
  </Icon>
);

export const NextIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect fill="currentColor" x="16.5" y="5" width="2.5" height="14" rx="1" />
    <path
      fill="currentColor"
      d="M5 6.2v11.6a1 1 0 0 0 1.5.86L15 13a1.15 1.15 0 0 0 0-2L6.5 5.34A1 1 0 0 0 5 6.2z"
    />
  </Icon>
);

const stroke = {
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

export const ShuffleIcon = (props: IconProps) => (
  <Icon {...props}>
    <path {...stroke} d="M3 7h3.5c2 0 3.2 1 4.3 2.6l2.4 4.8C14.3 16 15.5 17 17.5 17H21M18 14l3 3-3 3" />
    <path {...stroke} d="M3 17h3.5c1.3 0 2.3-.5 3.1-1.3M14.4 8.3C15.2 7.5 16.2 7 17.5 7H21M18 4l3 3-3 3" />
  </Icon>
);

export const RepeatIcon = (props: IconProps) => (
  <Icon {...props}>
    <path {...stroke} d="M17 3l3 3-3 3M4 11V9a3 3 0 0 1 3-3h13M7 21l-3-3 3-3M20 13v2a3 3 0 0 1-3 3H4" />
  </Icon>
);

export const VolumeIcon = ({ muted, ...props }: IconProps & { muted: boolean }) => (
  <Icon {...props}>
    <path
      fill="currentColor"
      d="M4 9.5v5a1 1 0 0 0 1 1h3l4.4 3.7a1 1 0 0 0 1.6-.8V5.6a1 1 0 0 0-1.6-.8L8 8.5H5a1 1 0 0 0-1 1z"
    />
    {muted ? (
      <path {...stroke} d="M17 9.5l5 5M22 9.5l-5 5" />
    ) : (
      <path {...stroke} d="M16.5 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12" />
    )}
  </Icon>
);

export const QueueIcon = (props: IconProps) => (
  <Icon {...props}>
    <path {...stroke} d="M4 6h12M4 11h12M4 16h7M16 14v6l5-3z" />
  </Icon>
);

export const CloseIcon = (props: IconProps) => (
  <Icon {...props}>
    <path {...stroke} d="M6 6l12 12M18 6L6 18" />
  </Icon>
);

export const SearchIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle {...stroke} cx="11" cy="11" r="6.5" />
    <path {...stroke} d="M16 16l4.5 4.5" />
  </Icon>
);

export const FolderIcon = (props: IconProps) => (
  <Icon {...props}>
    <path
      {...stroke}
      d="M3 7.5A1.5 1.5 0 0 1 4.5 6H9l2 2h8.5A1.5 1.5 0 0 1 21 9.5v8a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z"
    />
    <path {...stroke} d="M12 11v5M9.5 13.5h5" />
  </Icon>
);

export const MusicIcon = (props: IconProps) => (
  <Icon {...props}>
    <path {...stroke} d="M9 18V6l11-2v12" />
    <circle {...stroke} cx="6.5" cy="18" r="2.5" />
    <circle {...stroke} cx="17.5" cy="16" r="2.5" />
  </Icon>
);

export const BackIcon = (props: IconProps) => (
  <Icon {...props}>
    <path {...stroke} d="M15 5l-7 7 7 7" />
  </Icon>
);

export const MenuIcon = (props: IconProps) => (
  <Icon {...props}>
    <path {...stroke} d="M4 7h16M4 12h16M4 17h16" />
  </Icon>
);

export const KeyboardIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect {...stroke} x="2.5" y="6" width="19" height="12" rx="2" />
    <path {...stroke} d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10" />
  </Icon>
);

export const LockIcon = (props: IconProps) => (
  <Icon {...props}>
    <rect fill="currentColor" x="5" y="10.5" width="14" height="10" rx="2" />
    <path fill="none" stroke="currentColor" strokeWidth="2" d="M8.5 10.5V7.5a3.5 3.5 0 0 1 7 0v3" />
  </Icon>
);

export const SpeakerIcon = (props: IconProps) => (
  <Icon {...props}>
    <path
      fill="currentColor"
      d="M4 9.5v5a1 1 0 0 0 1 1h3l4.4 3.7a1 1 0 0 0 1.6-.8V5.6a1 1 0 0 0-1.6-.8L8 8.5H5a1 1 0 0 0-1 1z"
    />
    <path {...stroke} d="M16.5 8.5a5 5 0 0 1 0 7" />
  </Icon>
);

export const WarningIcon = (props: IconProps) => (
  <Icon {...props}>
    <path {...stroke} d="M12 4 2.5 20h19L12 4z" />
    <path {...stroke} d="M12 10v4.5M12 17.2v.1" />
  </Icon>
);
