import type { ReactNode } from 'react';
import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/appStore';

interface ModalProps {
  title: string;
  titleId: string;
  className?: string;
  children: ReactNode;
}

/** A modal `<dialog>`: focus stays inside, Escape closes it, the page behind is inert. */
export function Modal({ title, titleId, className, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeDialog = useAppStore((s) => s.closeDialog);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className={className ? `modal ${className}` : 'modal'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        closeDialog();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog element itself.
        if (event.target === event.currentTarget) closeDialog();
      }}
    >
      <div className="modal__body">
        <h2 id={titleId} className="modal__title">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  );
}
